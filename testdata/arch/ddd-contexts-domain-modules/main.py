from fastapi import FastAPI

from contexts.auth.adapters.rest import router as auth_router

app = FastAPI()
app.include_router(auth_router)
