from sqlalchemy import select
from sqlalchemy.orm import Session

from src.domain.account.account import Account
from src.infrastructure.persistence.account_orm import AccountRow


class AccountSqlRepository:
    """Stores accounts in a SQL database."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, account_id: int) -> Account | None:
        row = self.session.scalar(select(AccountRow).where(AccountRow.id == account_id))
        return Account(row.id, row.email) if row else None

    def save(self, account: Account) -> None:
        self.session.merge(AccountRow(id=account.id, email=account.email))
        self.session.commit()
