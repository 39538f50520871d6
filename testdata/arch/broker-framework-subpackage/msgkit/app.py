import anyio


class MsgKit:
    def __init__(self, broker):
        self.broker = broker

    def run(self):
        anyio.run(self.broker.start)
