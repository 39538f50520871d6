from fastapi import HTTPException
from fastapi.encoders import jsonable_encoder
from starlette.requests import Request
from starlette.responses import JSONResponse


class ChainHandler:
    def __init__(self, chain):
        self._chain = chain

    async def invoke(self, request: Request) -> JSONResponse:
        payload = await request.json()
        if "input" not in payload:
            raise HTTPException(status_code=422, detail="input is missing")
        return JSONResponse(jsonable_encoder(self._chain(payload["input"])))
