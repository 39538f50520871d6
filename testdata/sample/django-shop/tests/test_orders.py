from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from apps.orders.models import Order, OrderLine


@pytest.mark.django_db
def test_total(customer):
    order = Order.objects.create(customer=customer)
    OrderLine.objects.create(order=order, sku="A", quantity=2, price=Decimal("3.50"))
    assert order.total() == Decimal("7.00")


@pytest.mark.django_db
def test_list_orders(customer):
    client = APIClient()
    client.force_authenticate(customer)
    assert client.get("/api/orders/").status_code == 200
