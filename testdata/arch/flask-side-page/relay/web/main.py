import asyncio

import tornado.web

from relay.store import Store
from relay.web.app import WebApplication


async def serve(port: int = 8081) -> None:
    app: tornado.web.Application = WebApplication(Store())
    app.listen(port)
    await asyncio.Event().wait()


def run() -> None:
    asyncio.run(serve())
