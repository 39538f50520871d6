from flask import Blueprint, render_template

reports = Blueprint("reports", __name__, url_prefix="/reports")


@reports.route("/")
def index():
    return render_template("reports.html")
