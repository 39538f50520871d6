from pydantic import BaseModel


class Forecast(BaseModel):
    city: str
    celsius: float
