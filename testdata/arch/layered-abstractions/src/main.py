from fastapi import FastAPI

from src.controllers.documents import router

app = FastAPI(title="ingest")
app.include_router(router)
