from dataclasses import dataclass
from typing import Any, Callable


@dataclass
class Service:
    """A user's function and the path it answers on."""

    func: Callable[..., Any]
    path: str = "/predict"
