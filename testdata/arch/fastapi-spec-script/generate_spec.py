"""A script at the top level: it builds a FastAPI application to export
the OpenAPI document. The service's entry module is svc/api/fastapi_app.py."""
import json

from fastapi import FastAPI

from svc.api import events

spec = FastAPI()
spec.include_router(events.router)
print(json.dumps(spec.openapi()))
