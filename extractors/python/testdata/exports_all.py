"""Module with __all__ forms."""
from .a import *

__all__ = base.__all__ + ["x"]
__all__ = [
    "alpha",
    'beta',
    "gam" "ma",
    r"raw\n",
    "esc\x41",
]
__all__ += ["later"]
__all__ = ("ignored",)
