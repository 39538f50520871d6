"""embedkit: embeddings as a library."""
from embedkit.engine import Engine

__all__ = ["Engine"]
