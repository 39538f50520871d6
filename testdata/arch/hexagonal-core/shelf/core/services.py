from shelf.core.models import Loan
from shelf.ports.books import BookStore


class LendingDesk:
    def __init__(self, books: BookStore) -> None:
        self.books = books

    def lend(self, isbn: str, reader: str) -> Loan:
        book = self.books.get(isbn)
        loan = book.lend(reader)
        self.books.save(book)
        return loan
