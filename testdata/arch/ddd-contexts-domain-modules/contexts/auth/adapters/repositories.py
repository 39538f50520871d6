from contexts.auth.aggregates import User
from contexts.auth.ports.repositories import UserRepository


class MemoryUserRepository(UserRepository):
    def __init__(self):
        self.users = {"u1": User("u1", "ada@example.com")}

    async def get(self, user_id: str) -> User:
        return self.users[user_id]
