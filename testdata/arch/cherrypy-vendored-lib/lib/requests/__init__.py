"""A copy of requests, vendored."""
from requests.api import get

__all__ = ["get"]
