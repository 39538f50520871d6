"""The page served at relay.it that explains how to trust the relay's certificate."""
from flask import Flask, render_template

app = Flask(__name__)


@app.route("/")
def index():
    return render_template("onboarding.html")
