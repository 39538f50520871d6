from dataclasses import dataclass


@dataclass
class Person:
    id: int
    email: str
