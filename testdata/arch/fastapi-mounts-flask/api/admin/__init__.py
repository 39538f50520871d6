"""The Flask admin, mounted by the FastAPI service (api/main.py)."""
from flask import Flask

from .views.people import people
from .views.reports import reports
from .views.settings import settings

flask_app = Flask(__name__)
flask_app.register_blueprint(people)
flask_app.register_blueprint(reports)
flask_app.register_blueprint(settings)
