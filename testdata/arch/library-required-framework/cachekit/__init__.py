from cachekit.decorator import cache

__all__ = ["cache"]
