from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


def connect_errors(app: FastAPI) -> None:
    @app.exception_handler(KeyError)
    async def missing(request: Request, exc: KeyError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=404)
