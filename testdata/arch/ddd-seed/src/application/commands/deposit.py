from dataclasses import dataclass

from domain.value_objects.money import Money
from infrastructure.persistence.accounts import AccountRepository


@dataclass
class Deposit:
    account_id: str
    cents: int


class DepositHandler:
    def __init__(self, accounts: AccountRepository) -> None:
        self.accounts = accounts

    def handle(self, command: Deposit) -> None:
        account = self.accounts.get(command.account_id)
        account.deposit(Money(command.cents))
        self.accounts.save(account)
