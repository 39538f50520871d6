from Context.orders.domain.order_entity import Order


class OrderRepository:
    def __init__(self):
        self._orders = {}

    def get(self, order_id) -> Order:
        return self._orders[order_id]

    def save(self, order: Order):
        self._orders[order.id] = order
