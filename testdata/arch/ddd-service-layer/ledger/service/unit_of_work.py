from typing import Protocol

from ledger.domain.account import Account


class Accounts(Protocol):
    def get(self, id: str) -> Account: ...


class UnitOfWork(Protocol):
    accounts: Accounts

    def __enter__(self): ...

    def __exit__(self, *exc): ...

    def commit(self) -> None: ...
