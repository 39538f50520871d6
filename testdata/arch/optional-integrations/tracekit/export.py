import aiohttp

from tracekit.core import Tracer


async def export(tracer: Tracer, url: str) -> None:
    """Ships the spans with aiohttp's HTTP client: a client, not a web framework."""
    async with aiohttp.ClientSession() as session:
        await session.post(url, json=tracer.spans)
