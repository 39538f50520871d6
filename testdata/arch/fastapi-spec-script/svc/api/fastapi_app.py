from fastapi import FastAPI

from svc.api import events


def create_fastapi_app() -> FastAPI:
    app = FastAPI(title="svc")
    app.include_router(events.router)
    return app
