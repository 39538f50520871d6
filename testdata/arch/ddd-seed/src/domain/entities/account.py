from dataclasses import dataclass, field

from domain.value_objects.money import Money


@dataclass
class Account:
    id: str
    balance: Money = field(default_factory=lambda: Money(0))

    def deposit(self, amount: Money) -> None:
        self.balance = self.balance + amount
