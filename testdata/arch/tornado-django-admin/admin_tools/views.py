from django.http import JsonResponse

from .models import Entry


def entry_count(request):
    return JsonResponse({"entries": Entry.objects.count()})
