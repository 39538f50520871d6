from sqlalchemy import create_engine, text

from domain.entities.account import Account
from domain.value_objects.money import Money


class AccountRepository:
    def __init__(self, url: str = "sqlite://") -> None:
        self.engine = create_engine(url)

    def get(self, account_id: str) -> Account:
        with self.engine.connect() as conn:
            cents = conn.execute(text("select cents from accounts where id = :id"), {"id": account_id}).scalar()
        return Account(account_id, Money(cents or 0))

    def save(self, account: Account) -> None:
        with self.engine.begin() as conn:
            conn.execute(text("update accounts set cents = :c where id = :id"), {"c": account.balance.cents, "id": account.id})
