from django.http import JsonResponse

from feeds.models import Feed


def feed_list(request):
    return JsonResponse({"feeds": list(Feed.objects.values_list("url", flat=True))})
