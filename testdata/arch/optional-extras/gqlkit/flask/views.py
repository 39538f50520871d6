import asyncio

from flask import request
from flask.views import View


class GraphQLView(View):
    methods = ["POST"]

    def __init__(self, schema):
        self.schema = schema

    def dispatch_request(self):
        return asyncio.run(self.schema.execute(request.get_json()["query"]))
