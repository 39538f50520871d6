from abc import ABC, abstractmethod

from contexts.billing.aggregates import Invoice


class InvoiceRepository(ABC):
    @abstractmethod
    async def add(self, invoice: Invoice) -> None: ...
