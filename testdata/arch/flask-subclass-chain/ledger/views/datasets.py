from flask import Blueprint, jsonify

bp = Blueprint("datasets", __name__, url_prefix="/dataset")


@bp.route("/<name>")
def read(name):
    return jsonify({"name": name})
