from fastapi import FastAPI

from svc.health.views import router as health_router
from svc.metrics.views import router as metrics_router

app = FastAPI()
app.include_router(health_router)
app.include_router(metrics_router)
