from sessionkit.middleware import SessionMiddleware, db

__all__ = ["SessionMiddleware", "db"]
