"""The notes service: one Flask application, with a `flask test` command."""
import sys

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/notes")
def list_notes():
    return jsonify([])


@app.cli.command("test")
def run_tests():
    """Runs the test suite: pytest is imported only when the command runs."""
    import pytest

    sys.exit(pytest.main(["tests"]))
