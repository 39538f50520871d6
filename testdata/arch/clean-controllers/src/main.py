from fastapi import FastAPI

from src.controllers.rest.notes import router


def create_app() -> FastAPI:
    app = FastAPI(title="notes")
    app.include_router(router)
    return app
