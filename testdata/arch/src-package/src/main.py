"""src is the package here: modules import each other as src.*."""
from fastapi import FastAPI

from src.api.v1.handlers.users import router

app = FastAPI()
app.include_router(router)
