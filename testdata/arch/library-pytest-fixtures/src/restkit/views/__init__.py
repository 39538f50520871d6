from fastapi import APIRouter, FastAPI


class View:
    prefix = ""

    def router(self) -> APIRouter:
        router = APIRouter(prefix=self.prefix)
        router.add_api_route("/", self.list, methods=["GET"])
        return router

    def list(self):
        return []


def include_view(app: FastAPI, view: type[View]) -> None:
    app.include_router(view().router())
