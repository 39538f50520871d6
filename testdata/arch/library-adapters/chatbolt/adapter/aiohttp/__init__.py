from aiohttp import web


def to_response(body: dict) -> web.Response:
    return web.json_response(body)
