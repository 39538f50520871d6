from fastapi import FastAPI

from app.health.views import router as health_router
from app.users.views import router as users_router

app = FastAPI(title="accounts")
app.include_router(users_router, prefix="/users")
app.include_router(health_router)
