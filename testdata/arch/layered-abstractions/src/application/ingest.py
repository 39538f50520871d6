import httpx

from src.abstractions.store import DocumentStore


async def ingest(store: DocumentStore, url: str) -> str:
    async with httpx.AsyncClient() as client:
        response = await client.get(url)
    return await store.put(url.rsplit("/", 1)[-1], response.content)
