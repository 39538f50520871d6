from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .models import Order
from .serializers import OrderSerializer
from .tasks import send_order_confirmation


class OrderViewSet(viewsets.ModelViewSet):
    serializer_class = OrderSerializer

    def get_queryset(self):
        return Order.objects.for_customer(self.request.user)

    def perform_create(self, serializer):
        order = serializer.save(customer=self.request.user)
        send_order_confirmation.delay(order.pk)

    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        order = self.get_object()
        order.status = Order.Status.PAID
        order.save(update_fields=["status"])
        return Response({"status": order.status})
