from flask import Flask

from application.rest import loan


def create_app(config_name):
    app = Flask(__name__)
    app.config.from_object(f"application.config.{config_name.capitalize()}Config")
    app.register_blueprint(loan.blueprint)
    return app
