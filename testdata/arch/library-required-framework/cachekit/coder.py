import json

from starlette.responses import JSONResponse


def encode(value) -> bytes:
    if isinstance(value, JSONResponse):
        return bytes(value.body)
    return json.dumps(value).encode()
