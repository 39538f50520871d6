from fastapi import FastAPI

from orders_api.api.orders import router

app = FastAPI()
app.include_router(router)
