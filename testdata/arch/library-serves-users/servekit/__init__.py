"""servekit: turn a user's function into an HTTP service."""
from servekit.service import Service

__all__ = ["Service"]
