from django.http import JsonResponse
from django.views import View

from .interactors import GetRiderInteractor
from .repositories import RiderRepo


class RiderView(View):
    def get(self, request, rider_id):
        found = GetRiderInteractor(RiderRepo()).set_params(rider_id).execute()
        return JsonResponse({"id": found.id, "title": found.title})
