from fastapi import APIRouter

from api.v1.users import user_router

router = APIRouter()
router.include_router(user_router, prefix="/api/v1/users")
