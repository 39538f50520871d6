"""A small ASGI side app for the live-updates websocket, run beside the Flask app."""
from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/ws/events/{event_id}")
async def live(websocket: WebSocket, event_id: int) -> None:
    await websocket.accept()
    await websocket.send_json({"event": event_id, "status": "subscribed"})
