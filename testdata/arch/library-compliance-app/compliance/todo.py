# The application whose OpenAPI output is checked against the specification.
from dataclasses import dataclass

from quart import Quart

from quart_hints import QuartHints, validate_request

app = Quart(__name__)
QuartHints(app)


@dataclass
class Todo:
    task: str


@app.post("/")
@validate_request(Todo)
async def create_todo(data: Todo) -> Todo:
    return data
