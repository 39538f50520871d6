from fastapi import FastAPI

from service.models.forecast import Forecast
from service.services.forecasts import forecast_for

api = FastAPI(title="forecasts")


@api.get("/forecast/{city}")
async def forecast(city: str) -> Forecast:
    return forecast_for(city)
