from fastapi import APIRouter

from todo.core.tasks.services import tasks
from todo.infra.repositories.tasks import SqlTaskRepo

router = APIRouter()


@router.post("/tasks/{task_id}/done", status_code=204)
async def done(task_id: int) -> None:
    await tasks.finish(SqlTaskRepo(None), task_id)
