from flask import g, request

from tracekit.tracing import start_span


def init_app(app) -> None:
    @app.before_request
    def _start() -> None:
        g.tracekit_span = start_span("flask.request", path=request.path)

    @app.after_request
    def _finish(response):
        response.headers["Server-Timing"] = f"app;dur={g.tracekit_span.finish() * 1000:.1f}"
        return response
