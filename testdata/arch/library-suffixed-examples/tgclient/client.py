import asyncio


class Client:
    def __init__(self, session, api_id, api_hash):
        self.session, self.api_id, self.api_hash = session, api_id, api_hash

    async def connect(self):
        await asyncio.sleep(0)
        return True
