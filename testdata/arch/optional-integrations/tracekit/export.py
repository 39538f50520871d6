import aiohttp
from tornado import httpclient, ioloop

from tracekit.core import Tracer


async def export(tracer: Tracer, url: str) -> None:
    """Ships the spans with aiohttp's HTTP client: a client, not a web framework."""
    async with aiohttp.ClientSession() as session:
        await session.post(url, json=tracer.spans)


def export_blocking(tracer: Tracer, url: str) -> None:
    """Ships the spans with Tornado's HTTP client on its IOLoop: no web server either."""
    client = httpclient.AsyncHTTPClient()
    ioloop.IOLoop.current().run_sync(lambda: client.fetch(url, method="POST", body=repr(tracer.spans)))
