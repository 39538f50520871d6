"""The gateway's HTTP entrypoint: Nameko's, answering errors as JSON."""

import json

from nameko.web.handlers import HttpRequestHandler
from werkzeug import Response


class HttpEntrypoint(HttpRequestHandler):
    def response_from_exception(self, exc):
        return Response(json.dumps({"error": type(exc).__name__, "message": str(exc)}), status=500,
                        mimetype="application/json")


http = HttpEntrypoint.decorator
