"""Command handlers wrap plain functions: what they receive is a callable, not a collaborator."""
import logging
from typing import Awaitable, Callable, Generic, Optional, Sequence, TypeVar

from rich.console import Console

CommandHandlerFunc = Callable[[str], Awaitable[str]]
EventCallback = Callable[[dict], None]
T = TypeVar("T")
HandlerCallback = Callable[[T], Awaitable[None]]


class CommandHandler:
    def __init__(self, func: CommandHandlerFunc, name: str) -> None:
        self.func = func
        self.name = name

    async def __call__(self, text: str) -> str:
        return await self.func(text)


class EventHandler:
    def __init__(self, callback: EventCallback) -> None:
        self.callback = callback


class ColorHandler(logging.Handler):
    """A logging handler: named so by the standard library, not a service."""

    def __init__(self, console: Optional[Console] = None) -> None:
        super().__init__()
        self.console = console


class UpdateHandler(Generic[T]):
    """Receives a subscripted function type and a sequence of plain values."""

    def __init__(self, callback: HandlerCallback[T], prefixes: Sequence[str] = ()) -> None:
        self.callback = callback
        self.prefixes = prefixes


class HandlerFailed(Exception):
    """An exception raised by a handler: what it receives are values."""

    def __init__(self, error: Exception, cause: Optional[ValueError] = None) -> None:
        super().__init__(str(error))
        self.cause = cause
