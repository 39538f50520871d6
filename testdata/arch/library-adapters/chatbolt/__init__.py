from .app.app import App

__all__ = ["App"]
