from pydantic import BaseModel


class ItemCollection(BaseModel):
    features: list[dict]
