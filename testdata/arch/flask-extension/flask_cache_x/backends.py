from flask import current_app


class MemoryBackend:
    def __init__(self):
        self.items = {}

    def get(self, key):
        current_app.logger.debug("get %s", key)
        return self.items.get(key)
