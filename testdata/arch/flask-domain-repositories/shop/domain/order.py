from dataclasses import dataclass, field


@dataclass
class Order:
    id: int
    lines: list = field(default_factory=list)
