from typing import Protocol

from src.domain.account.account import Account


class AccountRepositoryProtocol(Protocol):
    """The port the domain stores accounts through."""

    def get(self, account_id: int) -> Account | None: ...

    def save(self, account: Account) -> None: ...
