from flask import Blueprint, render_template

people = Blueprint("people", __name__, url_prefix="/people")


@people.route("/")
def index():
    return render_template("people.html")
