"""A generic repository, subscripted by the entity it stores."""
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")


class AbstractRepository(Generic[T]):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, item: T) -> None:
        self.session.add(item)
