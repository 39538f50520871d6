from dataclasses import dataclass


@dataclass(frozen=True)
class Money:
    amount: int
    currency: str


@dataclass
class Invoice:
    order_id: int
    total: Money
