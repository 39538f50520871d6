"""Class-based REST views over SQLAlchemy models, for FastAPI."""
from .views import View, include_view

__all__ = ["View", "include_view"]
