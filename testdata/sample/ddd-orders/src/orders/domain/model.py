from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from orders.domain import events


@dataclass(frozen=True)
class OrderLine:
    """Value object: a line of a customer order."""

    orderid: str
    sku: str
    qty: int


class OutOfStock(Exception):
    pass


@dataclass
class Batch:
    reference: str
    sku: str
    purchased_quantity: int
    eta: date | None = None
    allocations: set[OrderLine] = field(default_factory=set)

    @property
    def available_quantity(self) -> int:
        return self.purchased_quantity - sum(line.qty for line in self.allocations)

    def can_allocate(self, line: OrderLine) -> bool:
        return self.sku == line.sku and self.available_quantity >= line.qty


class Product:
    """Aggregate root: every batch of one SKU."""

    def __init__(self, sku: str, batches: list[Batch], version_number: int = 0):
        self.sku = sku
        self.batches = batches
        self.version_number = version_number
        self.events: list[events.Event] = []

    def allocate(self, line: OrderLine) -> str | None:
        for batch in sorted(self.batches, key=lambda b: b.eta or date.min):
            if batch.can_allocate(line):
                batch.allocations.add(line)
                self.version_number += 1
                self.events.append(events.Allocated(line.orderid, line.sku, line.qty, batch.reference))
                return batch.reference
        self.events.append(events.OutOfStock(line.sku))
        return None
