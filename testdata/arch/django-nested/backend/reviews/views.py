from django.http import JsonResponse

from reviews.models import Review


def review_count(request):
    return JsonResponse({"count": Review.objects.count()})
