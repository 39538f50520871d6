"""The web app the cache's tests run against: not the library's own."""
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from quickcache import Cache

cache = Cache()


async def lookup(request):
    return JSONResponse({"hit": cache.get(request.path_params["key"])})


app = Starlette(routes=[Route("/{key}", lookup)])
