from dataclasses import dataclass, field


@dataclass
class Invoice:
    id: str
    lines: list = field(default_factory=list)
