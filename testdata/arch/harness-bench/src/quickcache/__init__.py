"""A small in-process cache."""
from quickcache.core import Cache

__all__ = ["Cache"]
