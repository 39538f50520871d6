from django.http import JsonResponse

from acme_tags.models import Tag


def tag_list(request):
    return JsonResponse({"tags": list(Tag.objects.values_list("name", flat=True))})
