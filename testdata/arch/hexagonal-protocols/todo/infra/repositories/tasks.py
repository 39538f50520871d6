from sqlalchemy.ext.asyncio import AsyncSession

from todo.core.tasks.entities.task import Task


class SqlTaskRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, task_id: int) -> Task:
        return await self.session.get(Task, task_id)

    async def save(self, task: Task) -> None:
        await self.session.merge(task)
