from src.domain.account.account import Account
from src.domain.account.account_repository_protocol import AccountRepositoryProtocol


class AccountService:
    """Renames accounts, whatever stores them."""

    def __init__(self, repository: AccountRepositoryProtocol):
        self.repository = repository

    def rename(self, account_id: int, email: str) -> Account:
        account = self.repository.get(account_id)
        if account is None:
            raise LookupError(account_id)
        renamed = account.renamed(email)
        self.repository.save(renamed)
        return renamed
