"""The server's error responses (imported by the server only)."""
from fastapi import Request
from fastapi.responses import JSONResponse


async def engine_error_handler(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"error": str(exc)}, status_code=500)
