from pydantic import BaseModel


class DeckOut(BaseModel):
    id: int
    name: str
