from typing import Protocol

from todo.core.tasks.entities.task import Task


class TaskRepo(Protocol):
    async def get(self, task_id: int) -> Task: ...

    async def save(self, task: Task) -> None: ...
