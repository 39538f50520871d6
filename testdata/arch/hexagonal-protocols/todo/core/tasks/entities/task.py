from dataclasses import dataclass


@dataclass
class Task:
    id: int
    title: str
    owner_id: int
    done: bool = False
