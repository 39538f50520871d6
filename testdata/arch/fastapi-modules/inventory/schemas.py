from pydantic import BaseModel


class ItemIn(BaseModel):
    name: str


class Item(ItemIn):
    id: int
