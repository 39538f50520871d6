import typing

from lite_bootstrap import FastAPIBootstrapper

from app.api.decks import ROUTER
from app.settings import settings

if typing.TYPE_CHECKING:
    import fastapi


def build_app() -> "fastapi.FastAPI":
    app = FastAPIBootstrapper(bootstrap_config=settings.bootstrapper_config).bootstrap()
    app.include_router(ROUTER, prefix="/api")
    return app
