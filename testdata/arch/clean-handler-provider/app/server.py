from fastapi import FastAPI

from app.handler.rest.member import router


def create_app() -> FastAPI:
    app = FastAPI()
    app.include_router(router)
    return app
