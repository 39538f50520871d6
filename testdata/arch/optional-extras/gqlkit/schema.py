from graphql import GraphQLSchema, graphql


def type(cls):
    cls.__gqlkit_type__ = True
    return cls


def field(resolver):
    resolver.__gqlkit_field__ = True
    return resolver


class Schema:
    def __init__(self, query):
        self.query = query
        self._schema = GraphQLSchema()

    async def execute(self, source, variables=None):
        return await graphql(self._schema, source, variable_values=variables)
