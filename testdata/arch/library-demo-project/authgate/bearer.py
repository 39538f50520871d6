import jwt
from fastapi import HTTPException, Request
from fastapi.security import HTTPBearer


class BearerAuth(HTTPBearer):
    def __init__(self, secret: str, audience: str) -> None:
        super().__init__(auto_error=True)
        self.secret = secret
        self.audience = audience

    async def __call__(self, request: Request) -> dict:
        credentials = await super().__call__(request)
        try:
            return jwt.decode(credentials.credentials, self.secret, audience=self.audience, algorithms=["HS256"])
        except jwt.InvalidTokenError as exc:
            raise HTTPException(status_code=401, detail=str(exc)) from exc
