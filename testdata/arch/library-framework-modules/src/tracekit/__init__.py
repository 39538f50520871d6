from tracekit.tracing import Span, start_span

__all__ = ["Span", "start_span"]
