from django.http import JsonResponse
from django.views import View

from .interactors import GetTripInteractor
from .repositories import TripRepo


class TripView(View):
    def get(self, request, trip_id):
        found = GetTripInteractor(TripRepo()).set_params(trip_id).execute()
        return JsonResponse({"id": found.id, "title": found.title})
