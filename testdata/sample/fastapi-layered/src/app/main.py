from fastapi import FastAPI

from app.api.routes import auth, items
from app.core.config import settings

app = FastAPI(title=settings.project_name)
app.include_router(auth.router, prefix="/auth", tags=["auth"])
app.include_router(items.router, prefix="/items", tags=["items"])


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
