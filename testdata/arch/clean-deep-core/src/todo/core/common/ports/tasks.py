from typing import Protocol

from todo.core.common.entities.task import Task


class TaskRepository(Protocol):
    def get(self, task_id: int) -> Task: ...

    def save(self, task: Task) -> None: ...
