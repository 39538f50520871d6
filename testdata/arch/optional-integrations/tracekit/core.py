import contextlib
import functools
import time

try:
    from django.conf import settings as django_settings
except ImportError:
    django_settings = None

with contextlib.suppress(ImportError):
    from starlette.requests import Request  # noqa: F401


class Tracer:
    def __init__(self) -> None:
        self.spans: list[tuple[str, float]] = []

    def record(self, name: str, seconds: float) -> None:
        self.spans.append((name, seconds))


def trace(tracer: Tracer):
    def wrap(f):
        @functools.wraps(f)
        def inner(*args, **kwargs):
            start = time.perf_counter()
            try:
                return f(*args, **kwargs)
            finally:
                tracer.record(f.__qualname__, time.perf_counter() - start)

        return inner

    return wrap
