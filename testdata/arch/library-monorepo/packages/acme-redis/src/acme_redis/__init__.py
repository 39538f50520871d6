"""A Redis-backed store of acme keys."""
import redis

from acme_core import Key

__all__ = ["RedisStore"]


class RedisStore:
    def __init__(self, url: str) -> None:
        self._client = redis.Redis.from_url(url)

    def get(self, key: Key) -> bytes | None:
        return self._client.get(f"{key.namespace}:{key.name}")
