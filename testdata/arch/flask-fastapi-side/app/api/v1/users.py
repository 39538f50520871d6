from flask import Blueprint, jsonify

from app.models.user import User

users = Blueprint("users", __name__)


@users.route("/<int:user_id>")
def show(user_id: int):
    return jsonify(User.query.get_or_404(user_id).as_dict())
