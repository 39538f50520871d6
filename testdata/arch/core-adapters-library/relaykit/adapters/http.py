import httpx

from relaykit.interfaces.transport import Transport


class HttpTransport(Transport):
    def __init__(self, base_url: str) -> None:
        self.client = httpx.Client(base_url=base_url)

    def send(self, topic: str, body: bytes) -> int:
        return self.client.post(f"/topics/{topic}", content=body).status_code
