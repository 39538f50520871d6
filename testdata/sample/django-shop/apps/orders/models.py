from decimal import Decimal

from django.conf import settings
from django.db import models


class OrderQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Order.Status.OPEN)


class OrderManager(models.Manager):
    """Custom manager: orders of a customer, newest first."""

    def get_queryset(self):
        return OrderQuerySet(self.model, using=self._db).order_by("-created_at")

    def for_customer(self, user):
        return self.get_queryset().filter(customer=user)


class Order(models.Model):
    class Status(models.TextChoices):
        OPEN = "open"
        PAID = "paid"
        SHIPPED = "shipped"

    customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="orders")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrderManager()

    def total(self) -> Decimal:
        return sum((line.price * line.quantity for line in self.lines.all()), Decimal("0"))


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    sku = models.CharField(max_length=64)
    quantity = models.PositiveIntegerField(default=1)
    price = models.DecimalField(max_digits=10, decimal_places=2)
