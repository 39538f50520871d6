import contextlib

_buckets: dict[str, dict[str, bytes]] = {}


@contextlib.contextmanager
def mock_s3():
    """Keeps the buckets in memory for the duration of a test."""
    saved = dict(_buckets)
    try:
        yield _buckets
    finally:
        _buckets.clear()
        _buckets.update(saved)
