"""A WSGI micro-framework in one module: routes, requests, a development server."""

import re
import sys
from wsgiref.simple_server import make_server


class Request:
    def __init__(self, environ):
        self.environ = environ
        self.path = environ.get("PATH_INFO", "/")
        self.method = environ.get("REQUEST_METHOD", "GET")


class App:
    """Maps URL patterns to callbacks and serves them over WSGI."""

    def __init__(self):
        self.routes = []

    def route(self, pattern, method="GET"):
        def decorator(callback):
            self.routes.append((re.compile("^" + pattern + "$"), method, callback))
            return callback

        return decorator

    def __call__(self, environ, start_response):
        request = Request(environ)
        for regex, method, callback in self.routes:
            match = regex.match(request.path)
            if match and method == request.method:
                body = callback(request, **match.groupdict()).encode()
                start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
                return [body]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]


def run(app, host="127.0.0.1", port=8080):
    with make_server(host, port, app) as server:
        server.serve_forever()


def main():
    module, _, name = sys.argv[1].partition(":")
    app = getattr(__import__(module), name or "app")
    run(app)
