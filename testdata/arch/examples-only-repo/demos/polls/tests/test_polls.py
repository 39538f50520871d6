from pollsdemo.main import init_app


async def test_polls(aiohttp_client):
    client = await aiohttp_client(init_app())
    assert (await client.get("/polls")).status == 200
