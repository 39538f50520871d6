from typing import Protocol

from todo.l1_entities.todo import Todo


class TodoGateway(Protocol):
    def save(self, todo: Todo) -> Todo: ...


class CreateTodo:
    def __init__(self, gateway: TodoGateway):
        self.gateway = gateway

    def execute(self, title: str) -> Todo:
        return self.gateway.save(Todo(id=0, title=title))
