from sqlalchemy.orm import Session

from todo.core.common.entities.task import Task


class SqlTaskRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, task_id: int) -> Task:
        return self.session.get(Task, task_id)

    def save(self, task: Task) -> None:
        self.session.add(task)
