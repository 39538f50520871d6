from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request


class AuthenticationMiddleware(BaseHTTPMiddleware):
    """Reads the bearer token of each request into request.state.user."""

    async def dispatch(self, request: Request, call_next):
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        request.state.user = token or None
        return await call_next(request)
