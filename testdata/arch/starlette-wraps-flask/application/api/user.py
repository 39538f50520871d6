from flask import Blueprint, jsonify

user = Blueprint("user", __name__)


@user.route("/api/user")
def current_user():
    return jsonify({"name": "local"})
