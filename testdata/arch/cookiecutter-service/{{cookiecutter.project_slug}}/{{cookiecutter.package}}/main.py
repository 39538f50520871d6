from fastapi import FastAPI

from .api.routes import orders

app = FastAPI(title="{{cookiecutter.project_slug}}")
app.include_router(orders.router)
