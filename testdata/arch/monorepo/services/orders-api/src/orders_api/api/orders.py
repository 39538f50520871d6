from fastapi import APIRouter, Depends

from orders_api.services.orders import OrderService, get_order_service

router = APIRouter(prefix="/orders")


@router.get("/{order_id}")
async def get_order(order_id: int, service: OrderService = Depends(get_order_service)):
    return await service.get(order_id)
