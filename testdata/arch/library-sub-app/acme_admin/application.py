"""An admin interface a user mounts on their own application: the
Starlette() it builds is a sub-application, not the repository's."""
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route


async def index(request: Request) -> HTMLResponse:
    return HTMLResponse("<h1>admin</h1>")


class Admin:
    def __init__(self, app: Starlette, base_url: str = "/admin") -> None:
        self.app = app
        self.admin = Starlette(routes=[Route("/", index)])
        self.app.mount(base_url, app=self.admin, name="admin")
