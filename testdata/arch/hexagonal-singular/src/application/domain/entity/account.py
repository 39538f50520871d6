from dataclasses import dataclass


@dataclass(frozen=True)
class AccountId:
    value: int


@dataclass
class Account:
    id: AccountId
    balance: int

    def withdraw(self, amount):
        if amount > self.balance:
            return False
        self.balance -= amount
        return True
