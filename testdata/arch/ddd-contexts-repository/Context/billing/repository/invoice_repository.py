from Context.billing.domain.invoice_entity import Invoice


class InvoiceRepository:
    def __init__(self):
        self._invoices = []

    def add(self, invoice: Invoice):
        self._invoices.append(invoice)
