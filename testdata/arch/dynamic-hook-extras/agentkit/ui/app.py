"""A chat page for an agent: needs the ui extra."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


def create_app(agent) -> Starlette:
    async def chat(request: Request) -> JSONResponse:
        body = await request.json()
        return JSONResponse({"answer": agent.run(body["prompt"])})

    return Starlette(routes=[Route("/chat", chat, methods=["POST"])])
