"""An issuer named for what it does, in no service layer: only the
generic repository it receives shows the injection."""
from dataclasses import dataclass

from billing.repository import AbstractRepository


@dataclass
class Invoice:
    number: str
    total: int


class InvoiceIssuer:
    def __init__(self, invoices: AbstractRepository[Invoice]) -> None:
        self.invoices = invoices

    def issue(self, number: str, total: int) -> Invoice:
        invoice = Invoice(number, total)
        self.invoices.add(invoice)
        return invoice
