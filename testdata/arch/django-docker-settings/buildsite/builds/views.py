from django.http import JsonResponse

from buildsite.builds.models import Build


def build_list(request):
    return JsonResponse({"builds": list(Build.objects.values_list("project", flat=True))})
