"""Traces the requests a Flask application serves."""

import flask


class FlaskInstrumentor:
    """Wraps the application's WSGI callable in a span per request."""

    def instrument_app(self, app: flask.Flask):
        wsgi = app.wsgi_app

        def traced(environ, start_response):
            environ["tracekit.span"] = {"name": environ.get("PATH_INFO", "/")}
            return wsgi(environ, start_response)

        app.wsgi_app = traced
        return app
