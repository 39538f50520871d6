import abc


class Transport(abc.ABC):
    @abc.abstractmethod
    def send(self, topic: str, body: bytes) -> int: ...
