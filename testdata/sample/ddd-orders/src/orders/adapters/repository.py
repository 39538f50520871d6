import abc

from sqlalchemy.orm import Session

from orders.domain import model


class AbstractRepository(abc.ABC):
    def __init__(self) -> None:
        self.seen: set[model.Product] = set()

    def get(self, sku: str) -> model.Product | None:
        product = self._get(sku)
        if product:
            self.seen.add(product)
        return product

    @abc.abstractmethod
    def _get(self, sku: str) -> model.Product | None:
        raise NotImplementedError


class SqlAlchemyRepository(AbstractRepository):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def _get(self, sku: str) -> model.Product | None:
        return self.session.query(model.Product).filter_by(sku=sku).first()
