from todo.core.common.ports.tasks import TaskRepository


class CompleteTask:
    def __init__(self, tasks: TaskRepository):
        self.tasks = tasks

    def __call__(self, task_id: int) -> None:
        task = self.tasks.get(task_id)
        task.done = True
        self.tasks.save(task)
