from gqlkit.fastapi.router import GraphQLRouter

__all__ = ["GraphQLRouter"]
