"""A reverse proxy in front of several workers: its one route is made when a caller builds it."""
import httpx
from fastapi import FastAPI, Request, Response


def create_proxy_app(upstream: str) -> FastAPI:
    app = FastAPI()
    client = httpx.AsyncClient(base_url=upstream)

    @app.api_route("/{path:path}", methods=["GET", "POST"])
    async def reverse_proxy(path: str, request: Request) -> Response:
        upstream_response = await client.request(request.method, path, content=await request.body())
        return Response(upstream_response.content, status_code=upstream_response.status_code)

    return app
