from sqlalchemy.orm import Session

from billing.domain.invoice import Invoice
from billing.domain.repository import InvoiceRepository


class SqlInvoiceRepository(InvoiceRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, invoice: Invoice) -> None:
        self.session.add(invoice)
