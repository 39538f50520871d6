"""The package's public interface: importing it imports the handler, which needs FastAPI."""

from chainserve.client import RemoteChain
from chainserve.handler import ChainHandler
from chainserve.server import add_routes

__all__ = ["RemoteChain", "ChainHandler", "add_routes"]
