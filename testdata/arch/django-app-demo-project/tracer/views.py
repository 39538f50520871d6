from django.shortcuts import render

from tracer.models import Request


def requests(request):
    return render(request, "tracer/requests.html", {"requests": Request.objects.all()[:100]})
