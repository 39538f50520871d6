"""A beets plugin, vendored with beets: serves the library over HTTP with Flask."""
from flask import Blueprint, Flask

aura_bp = Blueprint("aura_bp", __name__)


def create_app():
    app = Flask(__name__)
    app.register_blueprint(aura_bp, url_prefix="/aura")
    return app
