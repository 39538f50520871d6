from fastapi import APIRouter

from app.services.orders import OrderService

router = APIRouter()


@router.get("/orders")
async def list_orders() -> list[str]:
    return OrderService().list()
