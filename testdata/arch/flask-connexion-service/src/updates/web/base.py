from os import path

import connexion
from flask import g, request

current_dir = path.dirname(__file__)


def create_app():
    connexion_app = connexion.App(__name__, specification_dir=path.join(current_dir, "swagger"))
    connexion_app.add_api("api.yml", strict_validation=True)
    flask_app = connexion_app.app

    @flask_app.before_request
    def remember_path():
        g.path = request.path

    return connexion_app
