"""Times every Flask request (acme.plugins.flask, not flask)."""
import time

import flask

from acme.plugins.base import Plugin


class FlaskPlugin(Plugin):
    def install(self, target: flask.Flask) -> None:
        target.before_request(self._start)

    def _start(self) -> None:
        flask.g.acme_started = time.monotonic()
