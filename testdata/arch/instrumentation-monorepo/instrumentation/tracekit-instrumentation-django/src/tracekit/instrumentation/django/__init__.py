"""Traces the requests a Django project serves."""

from django.conf import settings

from tracekit.instrumentation.django.middleware import TracingMiddleware

_MIDDLEWARE = "tracekit.instrumentation.django.middleware.TracingMiddleware"


class DjangoInstrumentor:
    """Adds the tracing middleware to the project's settings."""

    def instrument(self):
        middleware = list(getattr(settings, "MIDDLEWARE", []))
        if _MIDDLEWARE not in middleware:
            settings.MIDDLEWARE = [_MIDDLEWARE, *middleware]

    def uninstrument(self):
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != _MIDDLEWARE]


__all__ = ["DjangoInstrumentor", "TracingMiddleware"]
