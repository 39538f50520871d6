from fastapi import FastAPI

from src.adapter.inward.web.router import router

app = FastAPI()
app.include_router(router)
