from typing import Protocol

from shelf.core.models import Book


class BookStore(Protocol):
    def get(self, isbn: str) -> Book: ...

    def save(self, book: Book) -> None: ...
