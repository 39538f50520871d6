from fastapi import FastAPI

from Context.orders.repository.order_repository import OrderRepository
from Service.orders.order_service import OrderService

app = FastAPI()
service = OrderService(OrderRepository())


@app.post("/orders/{order_id}/lines")
def add_line(order_id: int, sku: str, quantity: int):
    service.add_line(order_id, sku, quantity)
    return {"ok": True}
