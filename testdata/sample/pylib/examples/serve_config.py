"""Example: expose a parsed configuration over HTTP (needs Flask, not a dependency of pylib)."""
from flask import Flask, jsonify

from pylib import parse

app = Flask(__name__)


@app.get("/config")
def config():
    return jsonify(parse("retries=3; verbose=true"))
