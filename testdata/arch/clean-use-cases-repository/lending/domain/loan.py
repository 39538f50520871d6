import dataclasses
import uuid


@dataclasses.dataclass
class Loan:
    code: uuid.UUID
    book: str
    member: str
    days: int

    @classmethod
    def from_dict(cls, d):
        return cls(**d)
