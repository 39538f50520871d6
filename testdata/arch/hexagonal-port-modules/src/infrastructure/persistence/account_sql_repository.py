from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from src.domain.account.account import Account
from src.infrastructure.persistence.account_orm import accounts


class AccountSqlRepository:
    """Stores accounts in a SQL database."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, account_id: int) -> Account | None:
        row = self.session.execute(select(accounts).where(accounts.c.id == account_id)).first()
        return Account(row.id, row.email) if row else None

    def save(self, account: Account) -> None:
        upsert = insert(accounts).values(id=account.id, email=account.email)
        self.session.execute(upsert.on_conflict_do_update(index_elements=["id"], set_={"email": account.email}))
        self.session.commit()
