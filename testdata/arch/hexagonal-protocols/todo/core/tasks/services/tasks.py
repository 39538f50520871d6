from todo.core.tasks.protocols.task_repo import TaskRepo


async def finish(repo: TaskRepo, task_id: int) -> None:
    task = await repo.get(task_id)
    task.done = True
    await repo.save(task)
