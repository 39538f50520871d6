from aiohttp import web


async def index(request: web.Request) -> web.Response:
    return web.Response(text="chat")


async def messages(request: web.Request) -> web.Response:
    return web.json_response([])
