import json


class GraphQL:
    """A plain ASGI application serving a schema; no framework needed."""

    def __init__(self, schema):
        self.schema = schema

    async def __call__(self, scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        result = await self.schema.execute(json.loads(body)["query"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": json.dumps(result).encode()})
