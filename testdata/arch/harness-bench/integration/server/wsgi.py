"""A Flask test server for the integration suite."""
from flask import Flask, jsonify

from quickcache import Cache

app = Flask(__name__)
cache = Cache()


@app.get("/<key>")
def read(key: str):
    return jsonify(cache.get(key))
