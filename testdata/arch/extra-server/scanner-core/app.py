"""The REST server of the scanner-core image (Dockerfile: gunicorn app:app)."""
from dataclasses import asdict

from flask import Flask, jsonify, request

from scanner_core import scan

app = Flask(__name__)


@app.route("/scan", methods=["POST"])
def scan_text():
    return jsonify([asdict(f) for f in scan(request.get_json()["text"])])


@app.route("/health")
def health():
    return "ok"
