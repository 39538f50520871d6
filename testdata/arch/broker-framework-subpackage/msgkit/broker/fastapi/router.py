# The FastAPI integration: a router whose lifespan starts the broker.
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from starlette.requests import Request

from msgkit.broker.core.broker import Broker


class BrokerRouter(APIRouter):
    def __init__(self, url):
        self.broker = Broker(url)

        @asynccontextmanager
        async def lifespan(app: FastAPI):
            await self.broker.start()
            yield

        super().__init__(lifespan=lifespan)

        @self.get("/health")
        async def health(request: Request):
            return {"broker": self.broker.url}
