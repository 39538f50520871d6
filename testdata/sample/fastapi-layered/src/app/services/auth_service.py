from app.core.security import create_access_token, verify_password
from app.repositories.item_repository import ItemRepository


class AuthService:
    def __init__(self, repository: ItemRepository) -> None:
        self.repository = repository

    async def login(self, email: str, password: str) -> str | None:
        user = await self.repository.user_by_email(email)
        if user is None or not verify_password(password, user.hashed_password):
            return None
        return create_access_token(str(user.id))
