class Broker:
    def __init__(self, url):
        self.url = url
        self.handlers = {}

    def subscriber(self, topic):
        def register(fn):
            self.handlers[topic] = fn
            return fn

        return register

    async def start(self):
        return None
