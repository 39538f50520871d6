from fastapi import APIRouter

router = APIRouter()


@router.post("/tasks/{task_id}/complete")
async def complete(task_id: int):
    return {"id": task_id}
