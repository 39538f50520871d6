from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from lending.domain.loan import Loan


class PostgresRepo:
    def __init__(self, url):
        self.session = sessionmaker(bind=create_engine(url))

    def list(self, filters=None):
        with self.session() as s:
            return [Loan(code=r.code, book=r.book, member=r.member, days=r.days) for r in s.execute("SELECT * FROM loan")]
