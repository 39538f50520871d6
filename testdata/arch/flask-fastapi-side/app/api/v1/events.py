from flask import Blueprint, jsonify

from app.models.event import Event

events = Blueprint("events", __name__)


@events.route("/<int:event_id>")
def show(event_id: int):
    return jsonify(Event.query.get_or_404(event_id).as_dict())
