"""GeoApi builds the FastAPI application around the user's client."""
import attrs
from fastapi import APIRouter, FastAPI

from geoapi.config import ApiSettings
from geoapi.models import ItemCollection
from geoapi.routes import create_endpoint


@attrs.define
class GeoApi:
    settings: ApiSettings
    client: object
    app: FastAPI = attrs.field(factory=lambda: FastAPI(openapi_url="/api"))
    router: APIRouter = attrs.field(factory=APIRouter)

    def register_search(self):
        self.router.add_api_route(
            name="Search",
            path="/search",
            response_model=ItemCollection,
            methods=["GET"],
            endpoint=create_endpoint(self.client.search),
        )

    def __attrs_post_init__(self):
        self.register_search()
        self.app.include_router(self.router)
