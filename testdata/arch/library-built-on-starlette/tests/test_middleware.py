from fastapi import FastAPI
from starlette.testclient import TestClient

from sessionkit import SessionMiddleware, db

app = FastAPI()
app.add_middleware(SessionMiddleware, db_url="sqlite://")


@app.get("/")
def index():
    return {"open": db.session.is_active}


def test_session_per_request():
    assert TestClient(app).get("/").json() == {"open": True}
