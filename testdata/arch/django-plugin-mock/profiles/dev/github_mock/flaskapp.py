"""A stand-in for GitHub's OAuth endpoints that the development profile runs."""
from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/login/oauth/access_token", methods=["POST"])
def access_token():
    return jsonify({"access_token": "gho_dev"})


if __name__ == "__main__":
    app.run(port=8082)
