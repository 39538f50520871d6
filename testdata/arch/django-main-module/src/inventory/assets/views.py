from django.http import JsonResponse

from inventory.assets.models import Asset


def asset_list(request):
    return JsonResponse({"assets": list(Asset.objects.values_list("hostname", flat=True))})
