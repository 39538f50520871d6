from kombu import Connection, Exchange, Producer

exchange = Exchange("chat", type="topic")


def publish(event: dict) -> None:
    with Connection("amqp://guest@localhost//") as conn:
        Producer(conn).publish(event, exchange=exchange, routing_key="chat.message", declare=[exchange])
