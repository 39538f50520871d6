from fastapi import APIRouter

user_router = APIRouter()


@user_router.get("/me")
async def me():
    return {"id": 1}
