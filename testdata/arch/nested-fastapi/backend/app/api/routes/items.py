from fastapi import APIRouter

from app import crud
from app.api.deps import SessionDep
from app.models import Item, ItemCreate

router = APIRouter()


@router.post("/", response_model=Item)
def create_item(session: SessionDep, item_in: ItemCreate) -> Item:
    return crud.create_item(session=session, item_in=item_in)
