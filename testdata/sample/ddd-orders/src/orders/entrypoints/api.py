from dependency_injector.wiring import Provide, inject
from fastapi import APIRouter, Depends, FastAPI, HTTPException
from pydantic import BaseModel

from orders.containers import Container
from orders.domain import commands
from orders.service_layer.services import AllocationService, InvalidSku

router = APIRouter()


class AllocateRequest(BaseModel):
    orderid: str
    sku: str
    qty: int


@router.post("/allocate", status_code=201)
@inject
async def allocate(
    body: AllocateRequest,
    service: AllocationService = Depends(Provide[Container.allocation_service]),
):
    try:
        batchref = await service.allocate(commands.Allocate(body.orderid, body.sku, body.qty))
    except InvalidSku as e:
        raise HTTPException(status_code=400, detail=str(e))
    return {"batchref": batchref}


def create_app() -> FastAPI:
    container = Container()
    container.config.database_url.from_env("DATABASE_URL")
    container.config.amqp_url.from_env("AMQP_URL")
    app = FastAPI()
    app.container = container
    app.include_router(router)
    return app
