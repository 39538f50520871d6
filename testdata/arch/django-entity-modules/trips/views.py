from django.http import JsonResponse
from django.views import View

from .repositories import TripRepo


class TripView(View):
    def get(self, request, trip_id):
        found = TripRepo().get(trip_id)
        return JsonResponse({"id": found.id, "title": found.title})
