from flask import Flask

from flask_guard import Guard


def test_rejects_missing_token():
    app = Flask(__name__)
    guard = Guard()

    @app.route("/")
    @guard.login_required
    def index():
        return "ok"

    assert app.test_client().get("/").status_code == 401
