import time


class Cache:
    def __init__(self, ttl: float = 60.0) -> None:
        self.ttl = ttl
        self._items: dict[str, tuple[float, object]] = {}

    def get(self, key: str):
        hit = self._items.get(key)
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1]

    def set(self, key: str, value: object) -> None:
        self._items[key] = (time.monotonic() + self.ttl, value)
