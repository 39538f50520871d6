from fastapi import FastAPI


def add_session_routes(app: FastAPI, prefix: str = "/auth") -> None:
    """Mounts the session routes on a FastAPI application."""
    from authkit.routing import session_router

    app.mount(prefix, session_router())
