"""Typed parsing helpers for key=value configuration strings."""
from pylib._impl import ParseError, parse, parse_value
from pylib.formatting import dump

__all__ = ["ParseError", "dump", "parse", "parse_value"]
__version__ = "2.1.0"
