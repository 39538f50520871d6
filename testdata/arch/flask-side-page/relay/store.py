class Store:
    def __init__(self):
        self.messages = []
        self.subscribers = []

    def recent(self, n: int = 50):
        return self.messages[-n:]

    def subscribe(self, subscriber):
        self.subscribers.append(subscriber)
