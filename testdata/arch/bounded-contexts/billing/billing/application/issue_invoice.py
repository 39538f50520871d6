from decimal import Decimal

from billing.domain.invoice import Invoice
from billing.domain.repository import InvoiceRepository


class IssuingInvoice:
    def __init__(self, invoices: InvoiceRepository) -> None:
        self.invoices = invoices

    def __call__(self, number: str, amount: Decimal) -> Invoice:
        invoice = Invoice(number, amount)
        self.invoices.add(invoice)
        return invoice
