from fastapi import APIRouter, Request


class GraphQLRouter(APIRouter):
    def __init__(self, schema, path="/graphql"):
        super().__init__()
        self.schema = schema

        @self.post(path)
        async def handle(request: Request):
            payload = await request.json()
            return await self.schema.execute(payload["query"])
