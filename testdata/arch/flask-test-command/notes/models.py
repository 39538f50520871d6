from dataclasses import dataclass


@dataclass
class Note:
    title: str
    body: str
