from sqlalchemy.orm import Session

from ledger.domain.account import Account


class SqlAccounts:
    def __init__(self, session: Session):
        self.session = session

    def get(self, id: str) -> Account:
        return self.session.get(Account, id)
