import uvicorn

from svc.api.fastapi_app import create_fastapi_app

uvicorn.run(create_fastapi_app())
