from ratelimit.middleware import RateLimitMiddleware

__all__ = ["RateLimitMiddleware"]
