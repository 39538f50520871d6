import abc

from billing.domain.invoice import Invoice


class InvoiceRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, invoice: Invoice) -> None: ...
