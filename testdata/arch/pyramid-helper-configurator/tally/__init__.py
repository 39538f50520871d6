"""A counter service: its Pyramid Configurator comes from the team's helper
library, which reads the .ini settings and sets up logging."""

from opskit.config import get_configurator
from pyramid.response import Response

COUNTS = {}


def count(request):
    name = request.matchdict["name"]
    COUNTS[name] = COUNTS.get(name, 0) + 1
    return Response(str(COUNTS[name]))


def includeme(config):
    config.add_route("count", "/count/{name}")
    config.add_view(count, route_name="count", request_method="POST")


def main(global_config, **settings):
    config = get_configurator(global_config, **settings)
    config.include(includeme)
    return config.make_wsgi_app()
