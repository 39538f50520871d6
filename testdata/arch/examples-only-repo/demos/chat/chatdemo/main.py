from aiohttp import web

from chatdemo.views import index, messages


def init_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/", index)
    app.router.add_get("/messages", messages)
    return app


if __name__ == "__main__":
    web.run_app(init_app())
