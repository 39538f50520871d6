"""Core value types shared by the acme packages."""
import attrs

__all__ = ["Key"]


@attrs.frozen
class Key:
    namespace: str
    name: str
