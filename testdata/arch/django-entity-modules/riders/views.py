from django.http import JsonResponse
from django.views import View

from .repositories import RiderRepo


class RiderView(View):
    def get(self, request, rider_id):
        found = RiderRepo().get(rider_id)
        return JsonResponse({"id": found.id, "title": found.title})
