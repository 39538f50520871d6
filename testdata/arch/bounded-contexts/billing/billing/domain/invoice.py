from dataclasses import dataclass
from decimal import Decimal


@dataclass
class Invoice:
    number: str
    amount: Decimal
    paid: bool = False
