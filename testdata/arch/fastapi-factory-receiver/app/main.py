"""The service's factory shares its file with a class that receives the
application: the FastAPI() of create_app() is the service's own."""
from fastapi import FastAPI

from app.api import routes


class Lifespan:
    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def __aenter__(self) -> None:
        self.app.state.ready = True


def create_app() -> FastAPI:
    app = FastAPI(title="orders")
    app.include_router(routes.router)
    return app


app = create_app()
