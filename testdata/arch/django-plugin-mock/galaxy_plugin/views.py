from django.http import JsonResponse

from galaxy_plugin.models import Namespace


def namespaces(request):
    return JsonResponse({"names": list(Namespace.objects.values_list("name", flat=True))})
