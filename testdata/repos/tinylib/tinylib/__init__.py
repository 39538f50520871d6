"""A tiny library."""
from tinylib._core import add

__all__ = ["add"]
