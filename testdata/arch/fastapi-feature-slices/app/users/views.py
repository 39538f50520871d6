from fastapi import APIRouter, Depends
from sqlalchemy import select

from app.core.database import get_session
from app.users.models import User
from app.users.schemas import UserOut

router = APIRouter()


@router.get("/", response_model=list[UserOut])
async def list_users(session=Depends(get_session)):
    return (await session.scalars(select(User))).all()
