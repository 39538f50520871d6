"""Builds the Starlette application serving a user's Service: its routes come from the service."""
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from servekit.proxy import create_proxy_app
from servekit.service import Service


class ServiceApp:
    def __init__(self, service: Service):
        self.service = service

    async def endpoint(self, request: Request) -> JSONResponse:
        payload = await request.json()
        return JSONResponse({"result": self.service.func(**payload)})

    async def healthz(self, request: Request) -> JSONResponse:
        return JSONResponse({"ok": True})

    def proxy(self, upstream: str):
        """The proxy in front of the service's workers, its route made by create_proxy_app for this service."""
        return create_proxy_app(upstream)

    def __call__(self) -> Starlette:
        routes = [
            Route(self.service.path, self.endpoint, methods=["POST"]),
            Route("/healthz", self.healthz),
        ]
        return Starlette(routes=routes)
