from django.http import JsonResponse

from tracekit.integrations.django import TraceMiddleware


def spans(request):
    return JsonResponse({"spans": TraceMiddleware.tracer.spans})
