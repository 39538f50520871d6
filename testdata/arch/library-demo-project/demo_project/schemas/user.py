from pydantic import BaseModel


class Me(BaseModel):
    subject: str
