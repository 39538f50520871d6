from dataclasses import dataclass


@dataclass
class Ticket:
    id: int
    title: str
    closed: bool = False

    def close(self) -> None:
        self.closed = True
