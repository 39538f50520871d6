from typing import Any, Callable

from fastapi import FastAPI


def paged(size: int = 50) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        func._page_size = size  # type: ignore[attr-defined]
        return func

    return decorator


def PagedFastAPI(app: FastAPI, prefix: str = "/paged") -> FastAPI:
    parent = FastAPI(title=app.title)
    for route in app.routes:
        parent.router.routes.append(route)

    @parent.get(prefix + "/sizes")
    def sizes() -> dict:
        return {getattr(r, "name", ""): getattr(getattr(r, "endpoint", None), "_page_size", None) for r in app.routes}

    return parent
