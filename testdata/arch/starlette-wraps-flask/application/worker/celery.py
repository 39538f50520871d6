"""A module named celery that imports the celery library (in a directory
without __init__.py, which makes its file stem a top-level name): it wraps
the library, it does not shadow it."""
from celery import Celery

celery = Celery("answers", broker="redis://localhost:6379/0")
