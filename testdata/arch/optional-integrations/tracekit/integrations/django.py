from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin

from tracekit.core import Tracer


class TraceMiddleware(MiddlewareMixin):
    tracer = Tracer()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        self.tracer.record(request.path, 0.0)
        return response
