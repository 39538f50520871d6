import amqp


def audit(text: str) -> None:
    with amqp.Connection("localhost:5672") as conn:
        channel = conn.channel()
        channel.basic_publish(amqp.basic_message.Message(text), exchange="audit")
