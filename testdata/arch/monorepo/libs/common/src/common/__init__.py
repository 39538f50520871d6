"""Helpers shared by the services."""
from common.settings import env

__all__ = ["env"]
