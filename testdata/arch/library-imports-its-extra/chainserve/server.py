try:
    from fastapi import APIRouter, FastAPI
except ImportError:
    APIRouter = FastAPI = None

from chainserve.handler import ChainHandler


def add_routes(app: "FastAPI", chain, path: str = "") -> None:
    """Adds the chain's routes to the user's application."""
    handler = ChainHandler(chain)
    router = APIRouter(prefix=path)
    router.add_api_route("/invoke", handler.invoke, methods=["POST"])
    app.include_router(router)
