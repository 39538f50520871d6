"""The HTTP entry point. keeper/ and its subdirectories hold no __init__.py:
keeper is a namespace package, the repository's own."""
from fastapi import FastAPI

from keeper.core.alerts import list_alerts

app = FastAPI()


@app.get("/alerts")
def alerts() -> list[dict]:
    return [a.as_dict() for a in list_alerts()]
