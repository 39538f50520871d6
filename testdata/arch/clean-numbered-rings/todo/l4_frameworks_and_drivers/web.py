from fastapi import FastAPI

from todo.l2_use_cases.create_todo import CreateTodo
from todo.l3_interface_adapters.gateways.memory import MemoryTodoGateway

app = FastAPI()
create_todo = CreateTodo(MemoryTodoGateway())


@app.post("/todos")
def post_todo(title: str):
    return create_todo.execute(title)
