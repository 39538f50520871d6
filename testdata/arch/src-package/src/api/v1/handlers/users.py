from fastapi import APIRouter

router = APIRouter()


@router.get("/users/{user_id}")
async def show(user_id: int) -> dict:
    return {"id": user_id}
