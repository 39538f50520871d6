from channels.generic.websocket import AsyncJsonWebsocketConsumer

from chat.events import publish


class ChatConsumer(AsyncJsonWebsocketConsumer):
    async def receive_json(self, content, **kwargs):
        publish({"room": self.scope["url_route"]["kwargs"]["name"], "text": content["text"]})
        await self.send_json(content)
