from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends

from app.api.deps import get_item_service
from app.schemas.item import ItemCreate, ItemRead
from app.services.item_service import ItemService

router = APIRouter()


def audit(title: str) -> None:
    print(f"item created: {title}")


@router.get("/", response_model=list[ItemRead])
async def list_items(service: Annotated[ItemService, Depends(get_item_service)]):
    return await service.list(owner_id=1)


@router.post("/", response_model=ItemRead, status_code=201)
async def create_item(
    data: ItemCreate,
    background: BackgroundTasks,
    service: Annotated[ItemService, Depends(get_item_service)],
):
    item = await service.create(owner_id=1, data=data)
    background.add_task(audit, item.title)
    return item
