from core.fastapi.middlewares.authentication import AuthenticationMiddleware

__all__ = ["AuthenticationMiddleware"]
