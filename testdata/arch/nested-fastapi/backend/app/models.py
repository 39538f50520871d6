from sqlmodel import Field, SQLModel


class ItemCreate(SQLModel):
    title: str = Field(max_length=255)


class Item(ItemCreate, table=True):
    id: int | None = Field(default=None, primary_key=True)
