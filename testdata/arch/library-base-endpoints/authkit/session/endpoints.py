from starlette.endpoints import HTTPEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse


class SessionLoginEndpoint(HTTPEndpoint):
    async def post(self, request: Request):
        form = await request.form()
        if not form.get("username"):
            return JSONResponse({"error": "username is missing"}, status_code=400)
        return RedirectResponse("/", status_code=303)


class SessionLogoutEndpoint(HTTPEndpoint):
    async def post(self, request: Request):
        return RedirectResponse("/login", status_code=303)
