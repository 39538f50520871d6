from fastapi import FastAPI
from fastapi.middleware import Middleware

from api import router
from core.config import SETTINGS
from core.fastapi.middlewares import AuthenticationMiddleware


def create_app() -> FastAPI:
    app_ = FastAPI(title=SETTINGS.TITLE, middleware=[Middleware(AuthenticationMiddleware)])
    app_.include_router(router)
    return app_


app = create_app()
