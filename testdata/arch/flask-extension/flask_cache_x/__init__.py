"""A Flask extension: caches views. It builds no application of its own."""
from flask import Flask, current_app, g

from .backends import MemoryBackend

__all__ = ["Cache"]


class Cache:
    def __init__(self, app: Flask | None = None):
        self.backend = MemoryBackend()
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        app.extensions["cache_x"] = self
        app.teardown_appcontext(self._teardown)

    def _teardown(self, exc):
        g.pop("cache_x", None)

    def get(self, key):
        return current_app.extensions["cache_x"].backend.get(key)
