from src.application.domain.entity.account import Account, AccountId


class MemoryAccounts:
    def __init__(self):
        self._accounts = {1: Account(AccountId(1), 100)}

    def load(self, account_id: AccountId) -> Account:
        return self._accounts[account_id.value]
