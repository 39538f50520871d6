from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse


class RateLimitMiddleware(BaseHTTPMiddleware):
    def __init__(self, app, limit="100/minute"):
        super().__init__(app)
        self.item = parse(limit)
        self.limiter = FixedWindowRateLimiter(MemoryStorage())

    async def dispatch(self, request: Request, call_next):
        key = request.client.host if request.client else "anonymous"
        if not self.limiter.hit(self.item, key):
            return JSONResponse({"error": "rate limit exceeded"}, status_code=429)
        return await call_next(request)
