from fastapi import FastAPI

from todo.inbound.http.routes import router


def make_app() -> FastAPI:
    app = FastAPI()
    app.include_router(router)
    return app
