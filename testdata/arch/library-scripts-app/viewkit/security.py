from flask import Blueprint, redirect, request, url_for

auth = Blueprint("viewkit_auth", __name__)


@auth.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        return redirect(url_for("viewkit.index"))
    return "log in"
