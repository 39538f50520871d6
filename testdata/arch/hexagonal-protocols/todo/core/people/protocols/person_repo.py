from typing import Protocol

from todo.core.people.entities.person import Person


class PersonRepo(Protocol):
    async def by_email(self, email: str) -> Person | None: ...
