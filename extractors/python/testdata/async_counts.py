import asyncio


async def main():
    async with lock:
        await asyncio.sleep(1)
    async for x in aiter():
        await x
    result = [y async for y in gen() if await y]
    nested = {k: v async for k, v in pairs() async for z in more()}
    return await (await get())()


class Svc:
    async def go(self):
        await self.other()

    def sync(self):
        return lambda: None
