from fastapi import APIRouter, Depends

from authgate import BearerAuth
from demo_project.core.config import AUDIENCE, SECRET
from demo_project.schemas.user import Me

router = APIRouter()
auth = BearerAuth(SECRET, AUDIENCE)


@router.get("/me", response_model=Me)
async def me(claims: dict = Depends(auth)) -> Me:
    return Me(subject=claims["sub"])
