import time


def elapsed(context) -> float:
    return time.monotonic() - getattr(context, "acme_started", time.monotonic())
