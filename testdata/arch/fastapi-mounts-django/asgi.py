"""The served application: FastAPI, with the Django site mounted under /."""
import os

from django.core.asgi import get_asgi_application
from fastapi import FastAPI

from api.routes import router

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
django_app = get_asgi_application()

app = FastAPI()
app.include_router(router, prefix="/api")
app.mount("/", django_app)
