"""An admin interface mounted into the user's Starlette or FastAPI app."""
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route


class Admin:
    def __init__(self, app: Starlette, base_url: str = "/admin") -> None:
        self.app = app
        # the admin's own sub-application, mounted into the user's app
        self.admin = Starlette(routes=[Route("/", self.index)])
        app.mount(base_url, app=self.admin, name="admin")

    async def index(self, request: Request) -> HTMLResponse:
        return HTMLResponse("<h1>Admin</h1>")
