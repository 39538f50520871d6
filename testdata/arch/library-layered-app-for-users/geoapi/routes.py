"""Makes the endpoint functions the application routes to the user's client."""


def create_endpoint(func):
    async def endpoint(**kwargs):
        return await func(**kwargs)

    return endpoint
