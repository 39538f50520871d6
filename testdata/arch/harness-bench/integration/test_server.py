from integration.server.wsgi import app


def test_read():
    assert app.test_client().get("/missing").json is None
