from relaykit.interfaces.transport import Transport


class Relay:
    """Forwards messages through whichever transport it is given."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def forward(self, topic: str, body: bytes) -> int:
        return self.transport.send(topic, body)
