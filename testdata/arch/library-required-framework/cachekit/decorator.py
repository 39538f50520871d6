import functools

from fastapi.dependencies.utils import get_typed_signature
from starlette.requests import Request
from starlette.responses import Response

from cachekit.key_builder import default_key

_store: dict[str, bytes] = {}


def cache(expire: int = 60):
    """Caches an endpoint's response body by its request."""

    def wrapper(func):
        signature = get_typed_signature(func)

        @functools.wraps(func)
        async def inner(*args, request: Request, **kwargs):
            key = default_key(func, request)
            if key in _store:
                return Response(_store[key])
            body = await func(*args, **kwargs)
            _store[key] = body
            return body

        inner.__signature__ = signature
        return inner

    return wrapper
