from fastapi import APIRouter, FastAPI
from starlette.requests import Request
from starlette.responses import JSONResponse

from probekit.probe import Probe


def install(app: FastAPI, probe: Probe, prefix: str = "/probe") -> None:
    router = APIRouter(prefix=prefix)

    @router.get("/health")
    def health(request: Request) -> JSONResponse:
        return JSONResponse(probe.health())

    @router.get("/metrics")
    def metrics(request: Request) -> JSONResponse:
        return JSONResponse(probe.metrics())

    app.include_router(router)
