from fastapi import APIRouter

from contexts.auth.adapters.repositories import MemoryUserRepository

router = APIRouter(prefix="/users")
users = MemoryUserRepository()


@router.get("/{user_id}")
async def get_user(user_id: str):
    return await users.get(user_id)
