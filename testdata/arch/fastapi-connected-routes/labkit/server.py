import uvicorn
from fastapi import FastAPI

from .errors import connect_errors
from .notes_api import connect_notes_api


def make_app() -> FastAPI:
    app = FastAPI(title="labkit")

    @app.get("/ping")
    def ping() -> str:
        return "pong"

    connect_notes_api(app)
    connect_errors(app)
    return app


def main() -> None:
    uvicorn.run(make_app(), port=8757)
