from Context.billing.domain.invoice_entity import Invoice, Money
from Context.billing.repository.invoice_repository import InvoiceRepository


class BillingService:
    def __init__(self, invoices: InvoiceRepository):
        self.invoices = invoices

    def bill(self, order_id, amount):
        self.invoices.add(Invoice(order_id, Money(amount, "EUR")))
