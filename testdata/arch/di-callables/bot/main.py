import asyncio

from bot.handlers.command import CommandHandler


async def echo(text: str) -> str:
    return text


if __name__ == "__main__":
    print(asyncio.run(CommandHandler(echo, "echo")("hi")))
