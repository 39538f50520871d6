from app.models.item import Item
from app.repositories.item_repository import ItemRepository
from app.schemas.item import ItemCreate


class ItemService:
    """Business rules for items; receives its repository through the constructor."""

    def __init__(self, repository: ItemRepository) -> None:
        self.repository = repository

    async def create(self, owner_id: int, data: ItemCreate) -> Item:
        item = Item(title=data.title.strip(), quantity=data.quantity, owner_id=owner_id)
        return await self.repository.add(item)

    async def list(self, owner_id: int) -> list[Item]:
        return await self.repository.list_for_owner(owner_id)
