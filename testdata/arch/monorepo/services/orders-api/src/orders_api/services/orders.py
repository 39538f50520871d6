from orders_api.repositories.orders import OrderRepository


class OrderService:
    def __init__(self, repository: OrderRepository) -> None:
        self.repository = repository

    async def get(self, order_id: int) -> dict:
        return await self.repository.get(order_id)


def get_order_service() -> OrderService:
    return OrderService(OrderRepository())
