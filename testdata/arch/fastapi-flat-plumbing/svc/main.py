from fastapi import FastAPI

from svc.config import settings
from svc.schemas import Health

app = FastAPI(title=settings.app_name)


@app.get("/healthcheck")
async def healthcheck() -> Health:
    return Health(status="ok")
