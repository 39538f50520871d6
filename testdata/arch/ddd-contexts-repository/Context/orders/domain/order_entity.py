from dataclasses import dataclass, field


@dataclass
class OrderLine:
    sku: str
    quantity: int


@dataclass
class Order:
    id: int
    lines: list[OrderLine] = field(default_factory=list)

    def add(self, sku, quantity):
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        self.lines.append(OrderLine(sku, quantity))
