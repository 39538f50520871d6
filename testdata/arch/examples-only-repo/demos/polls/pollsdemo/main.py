from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/polls")
async def polls(request: web.Request) -> web.Response:
    return web.json_response([{"question": "tea or coffee?"}])


def init_app() -> web.Application:
    app = web.Application()
    app.add_routes(routes)
    return app
