from dataclasses import dataclass, field

from shop.core.value_objects.money import Money


@dataclass
class Cart:
    id: str
    lines: list[tuple[str, Money]] = field(default_factory=list)

    def total(self) -> Money:
        return sum((price for _, price in self.lines), Money(0))
