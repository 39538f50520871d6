"""The application: a Flask app built by a factory."""
from flask import Flask

from app.api.v1.events import events
from app.api.v1.users import users
from app.models import db
from app.settings import config


def create_app(name: str = "default") -> Flask:
    app = Flask(__name__)
    app.config.from_object(config[name])
    db.init_app(app)
    app.register_blueprint(events, url_prefix="/v1/events")
    app.register_blueprint(users, url_prefix="/v1/users")
    return app


current_app = create_app()
