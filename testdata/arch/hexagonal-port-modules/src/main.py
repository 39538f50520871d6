from fastapi import FastAPI

from src.infrastructure.web.account_router import router

app = FastAPI(title="accounts")
app.include_router(router)
