from aiohttp import web

from chatbolt.adapter.aiohttp import to_response


class AsyncAppServer:
    """A development server for the async app."""

    def __init__(self, app, port: int = 3000) -> None:
        self.port = port
        self.app = app
        self.web_app = web.Application()
        self.web_app.add_routes([web.post("/chat/events", self.handle)])

    async def handle(self, request: web.Request) -> web.Response:
        return to_response(self.app.dispatch(await request.json()))

    def start(self) -> None:
        web.run_app(self.web_app, port=self.port)
