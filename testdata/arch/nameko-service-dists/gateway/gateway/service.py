import json

from nameko.rpc import RpcProxy

from gateway.entrypoints import http


class GatewayService:
    name = "gateway"
    orders_rpc = RpcProxy("orders")

    @http("POST", "/orders")
    def create_order(self, request):
        order_id = self.orders_rpc.create_order(json.loads(request.get_data()))
        return 201, json.dumps({"id": order_id})

    @http("GET", "/orders/<int:order_id>")
    def get_order(self, request, order_id):
        return json.dumps(self.orders_rpc.get_order(order_id))
