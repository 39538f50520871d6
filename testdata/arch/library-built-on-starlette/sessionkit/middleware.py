from contextvars import ContextVar

from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.types import ASGIApp

_session: ContextVar[Session | None] = ContextVar("_session", default=None)


class SessionMiddleware(BaseHTTPMiddleware):
    """Opens a session for each request and closes it after the response."""

    def __init__(self, app: ASGIApp, db_url: str):
        super().__init__(app)
        self.factory = sessionmaker(bind=create_engine(db_url))

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint):
        token = _session.set(self.factory())
        try:
            return await call_next(request)
        finally:
            session = _session.get()
            if session is not None:
                session.close()
            _session.reset(token)


class _DB:
    @property
    def session(self) -> Session:
        session = _session.get()
        if session is None:
            raise RuntimeError("no session: is SessionMiddleware installed?")
        return session


db = _DB()
