from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.session import get_session
from app.repositories.item_repository import ItemRepository
from app.services.auth_service import AuthService
from app.services.item_service import ItemService

SessionDep = Annotated[AsyncSession, Depends(get_session)]


def get_item_service(session: SessionDep) -> ItemService:
    return ItemService(ItemRepository(session))


def get_auth_service(session: SessionDep) -> AuthService:
    return AuthService(ItemRepository(session))
