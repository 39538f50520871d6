import time
from dataclasses import dataclass, field


@dataclass
class Span:
    name: str
    started: float = field(default_factory=time.monotonic)
    tags: dict = field(default_factory=dict)

    def finish(self) -> float:
        return time.monotonic() - self.started


def start_span(name: str, **tags) -> Span:
    return Span(name, tags=tags)
