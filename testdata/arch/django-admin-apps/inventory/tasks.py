"""Stock recounts run on the Django Q2 cluster."""
from django_q.tasks import async_task

from inventory.models import Item


def recount(sku: str) -> int:
    return Item.objects.filter(sku=sku).count()


def schedule_recount(sku: str) -> str:
    return async_task("inventory.tasks.recount", sku)
