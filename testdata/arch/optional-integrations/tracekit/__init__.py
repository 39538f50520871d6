from tracekit.core import Tracer, trace

__all__ = ["Tracer", "trace"]
