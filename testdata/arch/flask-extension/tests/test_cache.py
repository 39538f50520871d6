from flask import Flask

from flask_cache_x import Cache


def test_init_app():
    app = Flask(__name__)
    cache = Cache(app)
    assert app.extensions["cache_x"] is cache
