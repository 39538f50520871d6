from .entities import Trip
from .models import ORMTrip


class TripRepo:
    def get(self, id):
        row = ORMTrip.objects.get(id=id)
        return Trip(row.id, row.title)
