from dataclasses import dataclass, field


@dataclass
class Loan:
    reader: str
    days: int = 14


@dataclass
class Book:
    isbn: str
    title: str
    loans: list[Loan] = field(default_factory=list)

    def lend(self, reader: str) -> Loan:
        if self.loans:
            raise ValueError(f"{self.isbn} is out")
        loan = Loan(reader)
        self.loans.append(loan)
        return loan
