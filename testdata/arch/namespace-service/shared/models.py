"""Models shared by the services: shared/ is a top-level namespace package."""
from dataclasses import asdict, dataclass


@dataclass
class Alert:
    name: str
    severity: str

    def as_dict(self) -> dict:
        return asdict(self)
