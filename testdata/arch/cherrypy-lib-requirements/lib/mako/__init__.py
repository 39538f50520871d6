"""A copy of Mako."""
__version__ = "1.3.5"
