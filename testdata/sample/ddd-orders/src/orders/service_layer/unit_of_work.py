from sqlalchemy.orm import sessionmaker

from orders.adapters import repository


class SqlAlchemyUnitOfWork:
    def __init__(self, session_factory: sessionmaker) -> None:
        self.session_factory = session_factory

    def __enter__(self):
        self.session = self.session_factory()
        self.products = repository.SqlAlchemyRepository(self.session)
        return self

    def __exit__(self, *args):
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
