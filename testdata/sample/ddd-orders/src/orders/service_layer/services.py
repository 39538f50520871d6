from orders.adapters.event_publisher import RabbitMQPublisher
from orders.domain import commands, model
from orders.service_layer.unit_of_work import SqlAlchemyUnitOfWork


class InvalidSku(Exception):
    pass


class AllocationService:
    """Use case: allocate an order line; collaborators arrive through the constructor."""

    def __init__(self, uow: SqlAlchemyUnitOfWork, publisher: RabbitMQPublisher) -> None:
        self.uow = uow
        self.publisher = publisher

    async def allocate(self, cmd: commands.Allocate) -> str | None:
        line = model.OrderLine(cmd.orderid, cmd.sku, cmd.qty)
        with self.uow:
            product = self.uow.products.get(line.sku)
            if product is None:
                raise InvalidSku(f"Invalid sku {line.sku}")
            batchref = product.allocate(line)
            self.uow.commit()
        for event in product.events:
            await self.publisher.publish(event)
        return batchref
