"""The stand-alone server of the server extra: mockcloud's services over HTTP."""

from flask import Flask, request
from flask_cors import CORS

from mockcloud.s3.backend import _buckets


def create_backend_app() -> Flask:
    app = Flask("mockcloud")
    CORS(app)

    @app.route("/<bucket>/<key>", methods=["GET", "PUT"])
    def object_(bucket, key):
        if request.method == "PUT":
            _buckets.setdefault(bucket, {})[key] = request.get_data()
            return "", 200
        return _buckets[bucket][key]

    return app
