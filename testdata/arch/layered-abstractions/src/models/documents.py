from pydantic import BaseModel


class IngestRequest(BaseModel):
    url: str


class IngestResult(BaseModel):
    id: str
