from connexion import problem
from flask import jsonify

RELEASES = {"firefox-120": {"version": "120.0"}}


def get_release(name):
    """The operation get_release of swagger/api.yml."""
    if name not in RELEASES:
        return problem(404, "Not Found", f"no release {name}")
    return jsonify(RELEASES[name])
