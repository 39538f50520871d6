from acme_core import Key
from acme_redis import RedisStore


def test_key_format(monkeypatch):
    store = RedisStore("redis://localhost:6379/0")
    assert store is not None
    assert Key("a", "b").name == "b"
