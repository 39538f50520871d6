from flask import Flask, g

from flask_guard import Guard

app = Flask(__name__)
guard = Guard()
tokens = {"secret-token": "ada"}


@guard.verify_token
def verify(token):
    return tokens.get(token)


@app.route("/")
@guard.login_required
def index():
    return "hello " + g.user
