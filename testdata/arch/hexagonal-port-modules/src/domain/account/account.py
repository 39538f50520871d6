from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    """An account holder, identified by an e-mail address."""

    id: int
    email: str

    def renamed(self, email: str) -> "Account":
        if "@" not in email:
            raise ValueError(f"not an e-mail address: {email}")
        return Account(self.id, email)
