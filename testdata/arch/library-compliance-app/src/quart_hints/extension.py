from functools import wraps

from quart import Quart, request


class QuartHints:
    """Adds an /openapi.json route describing the application's validated routes."""

    def __init__(self, app: Quart | None = None):
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Quart) -> None:
        app.extensions["quart_hints"] = self


def validate_request(model):
    def decorator(func):
        @wraps(func)
        async def wrapper(*args, **kwargs):
            data = model(**(await request.get_json()))
            return await func(*args, data=data, **kwargs)

        return wrapper

    return decorator
