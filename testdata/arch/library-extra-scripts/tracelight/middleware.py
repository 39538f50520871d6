from django.conf import settings
from django.http import HttpResponse

from .sampler import Sampler


class ProfilerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "TRACELIGHT_ENABLED", False):
            return self.get_response(request)
        sampler = Sampler()
        sampler.start()
        response = self.get_response(request)
        samples = sampler.stop()
        return HttpResponse(f"{len(samples)} samples") if "profile" in request.GET else response
