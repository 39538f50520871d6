"""The HTTP server: its routes are made inside create_server()."""
from embedkit.engine import Engine


def create_server(model: str):
    from fastapi import FastAPI

    from embedkit.errors import engine_error_handler

    engine = Engine(model)
    app = FastAPI(title="embedkit")
    app.add_exception_handler(Exception, engine_error_handler)

    @app.get("/health")
    async def health():
        return {"ok": True}

    @app.post("/embeddings")
    async def embeddings(texts: list[str]):
        return {"data": engine.embed(texts)}

    return app
