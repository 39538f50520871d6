class OrderRepository:
    async def get(self, order_id: int) -> dict:
        return {"id": order_id}
