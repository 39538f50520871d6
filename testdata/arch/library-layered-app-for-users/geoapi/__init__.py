"""geoapi: a FastAPI application for your catalogue client."""
