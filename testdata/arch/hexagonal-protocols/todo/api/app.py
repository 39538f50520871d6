from fastapi.applications import FastAPI

from todo.api.routers.tasks import router


def create_app() -> FastAPI:
    app = FastAPI(title="todo")
    app.include_router(router)
    return app
