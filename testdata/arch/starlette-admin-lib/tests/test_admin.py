from starlette.applications import Starlette
from starlette.testclient import TestClient

from adminkit import Admin


def test_index():
    app = Starlette()
    Admin(app)
    assert TestClient(app).get("/admin/").status_code == 200
