from Context.orders.repository.order_repository import OrderRepository


class OrderService:
    def __init__(self, orders: OrderRepository):
        self.orders = orders

    def add_line(self, order_id, sku, quantity):
        order = self.orders.get(order_id)
        order.add(sku, quantity)
        self.orders.save(order)
