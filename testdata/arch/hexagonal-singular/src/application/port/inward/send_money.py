from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SendMoneyCommand:
    source: int
    target: int
    amount: int


class SendMoneyUseCase(Protocol):
    def send(self, command: SendMoneyCommand) -> bool: ...
