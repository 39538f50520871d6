from abc import ABC, abstractmethod

from contexts.auth.aggregates import User


class UserRepository(ABC):
    @abstractmethod
    async def get(self, user_id: str) -> User: ...
