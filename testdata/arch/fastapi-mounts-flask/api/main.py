"""The service: FastAPI, serving the Flask admin under /admin."""
from fastapi import FastAPI
from fastapi.middleware.wsgi import WSGIMiddleware

from .admin import flask_app
from .routes import router

app = FastAPI()
app.include_router(router)
app.mount("/admin", WSGIMiddleware(flask_app))
