from .entities import Rider
from .models import ORMRider


class RiderRepo:
    def get(self, id):
        row = ORMRider.objects.get(id=id)
        return Rider(row.id, row.title)
