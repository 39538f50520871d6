# The development server `gqlkit serve` runs: the cli extra installs Starlette.
import os

from starlette.applications import Starlette
from starlette.routing import Route

from gqlkit.asgi import GraphQL
from gqlkit.cli.loader import load_schema

graphql_app = GraphQL(load_schema(os.environ["GQLKIT_SCHEMA"]))
app = Starlette(debug=True, routes=[Route("/graphql", graphql_app)])
