from starlette.requests import Request


def default_key(func, request: Request) -> str:
    return f"{func.__module__}:{func.__name__}:{request.url.path}?{request.url.query}"
