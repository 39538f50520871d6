from nameko.events import EventDispatcher
from nameko.rpc import rpc


class OrdersService:
    name = "orders"
    dispatch = EventDispatcher()
    orders = {}

    @rpc
    def create_order(self, items):
        order_id = len(self.orders) + 1
        self.orders[order_id] = items
        self.dispatch("order_created", {"id": order_id, "items": items})
        return order_id

    @rpc
    def get_order(self, order_id):
        return self.orders.get(order_id)
