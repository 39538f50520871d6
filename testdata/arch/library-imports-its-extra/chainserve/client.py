import httpx


class RemoteChain:
    def __init__(self, url: str):
        self._client = httpx.Client(base_url=url)

    def invoke(self, payload: dict) -> dict:
        return self._client.post("/invoke", json=payload).json()
