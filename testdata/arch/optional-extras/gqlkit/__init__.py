"""gqlkit: GraphQL schemas from type annotations."""
from gqlkit.schema import Schema, field, type

__all__ = ["Schema", "field", "type"]
