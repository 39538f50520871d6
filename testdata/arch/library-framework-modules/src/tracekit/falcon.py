import falcon

from tracekit.tracing import start_span


class TraceMiddleware:
    """Falcon middleware: one span per request."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.span = start_span("falcon.request", path=req.path)

    def process_response(self, req, resp, resource, req_succeeded: bool) -> None:
        span = getattr(req.context, "span", None)
        if span is not None:
            resp.set_header("Server-Timing", f"app;dur={span.finish() * 1000:.1f}")
