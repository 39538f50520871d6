import json
from dataclasses import asdict

import aio_pika

from orders.domain import events


class RabbitMQPublisher:
    def __init__(self, amqp_url: str) -> None:
        self.amqp_url = amqp_url

    async def publish(self, event: events.Event) -> None:
        connection = await aio_pika.connect_robust(self.amqp_url)
        async with connection:
            channel = await connection.channel()
            exchange = await channel.declare_exchange("orders", aio_pika.ExchangeType.TOPIC)
            message = aio_pika.Message(body=json.dumps(asdict(event)).encode())
            await exchange.publish(message, routing_key=type(event).__name__)
