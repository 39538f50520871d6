from abc import ABC, abstractmethod


class DocumentStore(ABC):
    @abstractmethod
    async def put(self, name: str, body: bytes) -> str: ...
