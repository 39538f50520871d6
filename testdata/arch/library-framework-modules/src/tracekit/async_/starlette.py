from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request

from tracekit.tracing import start_span


class TraceMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        span = start_span("starlette.request", path=request.url.path)
        response = await call_next(request)
        response.headers["Server-Timing"] = f"app;dur={span.finish() * 1000:.1f}"
        return response
