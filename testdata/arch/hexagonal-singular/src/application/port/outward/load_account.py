from typing import Protocol

from src.application.domain.entity.account import Account, AccountId


class LoadAccountPort(Protocol):
    def load(self, account_id: AccountId) -> Account: ...
