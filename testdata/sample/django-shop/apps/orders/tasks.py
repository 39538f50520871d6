from celery import shared_task
from django.core.mail import send_mail

from .models import Order


@shared_task(bind=True, max_retries=3)
def send_order_confirmation(self, order_id):
    order = Order.objects.select_related("customer").get(pk=order_id)
    send_mail(
        subject=f"Order {order.pk} received",
        message=f"Total: {order.total()}",
        from_email="shop@example.com",
        recipient_list=[order.customer.email],
    )
