from todo.l1_entities.todo import Todo


class MemoryTodoGateway:
    def __init__(self):
        self.todos: list[Todo] = []

    def save(self, todo: Todo) -> Todo:
        todo.id = len(self.todos) + 1
        self.todos.append(todo)
        return todo
