from sqlalchemy import create_engine, text

from shelf.core.models import Book


class SqlBookStore:
    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)

    def get(self, isbn: str) -> Book:
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT isbn, title FROM books WHERE isbn = :i"), {"i": isbn}).one()
        return Book(row.isbn, row.title)

    def save(self, book: Book) -> None:
        with self.engine.begin() as conn:
            conn.execute(text("UPDATE books SET title = :t WHERE isbn = :i"), {"t": book.title, "i": book.isbn})
