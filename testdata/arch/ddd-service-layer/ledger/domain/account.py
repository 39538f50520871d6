from dataclasses import dataclass, field
from decimal import Decimal


class InsufficientFunds(Exception):
    pass


@dataclass
class Account:
    id: str
    balance: Decimal = Decimal(0)
    events: list = field(default_factory=list)

    def withdraw(self, amount: Decimal) -> None:
        if amount > self.balance:
            raise InsufficientFunds(self.id)
        self.balance -= amount
        self.events.append(("withdrawn", amount))

    def deposit(self, amount: Decimal) -> None:
        self.balance += amount
        self.events.append(("deposited", amount))
