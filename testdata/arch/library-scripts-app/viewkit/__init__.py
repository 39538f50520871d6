from viewkit.base import ViewKit

__all__ = ["ViewKit"]
