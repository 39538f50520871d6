from contexts.billing.aggregates import Invoice
from contexts.billing.ports.repositories import InvoiceRepository


class MemoryInvoiceRepository(InvoiceRepository):
    def __init__(self):
        self.invoices = []

    async def add(self, invoice: Invoice) -> None:
        self.invoices.append(invoice)
