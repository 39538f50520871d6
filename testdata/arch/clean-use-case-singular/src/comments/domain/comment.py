from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Comment:
    uuid: UUID
    author: str
    text: str
