"""A backport of concurrent.futures, vendored."""
from concurrent.futures._base import Future

__all__ = ["Future"]
