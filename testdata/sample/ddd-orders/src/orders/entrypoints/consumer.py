import asyncio
import json

import aio_pika


async def main(amqp_url: str) -> None:
    connection = await aio_pika.connect_robust(amqp_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue("allocated-events", durable=True)
        async with queue.iterator() as messages:
            async for message in messages:
                async with message.process():
                    print(json.loads(message.body))


if __name__ == "__main__":
    asyncio.run(main("amqp://guest:guest@localhost/"))
