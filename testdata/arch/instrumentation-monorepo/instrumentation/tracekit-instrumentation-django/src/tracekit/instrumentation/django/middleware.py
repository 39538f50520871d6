from django.http import HttpRequest
from django.urls import resolve


class TracingMiddleware:
    """Opens a span around each request, named by its route."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        route = resolve(request.path_info).route
        request.tracekit_span = {"name": route or request.path_info}
        return self.get_response(request)
