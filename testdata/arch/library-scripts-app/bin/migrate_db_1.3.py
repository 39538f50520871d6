"""Moves the permission tables of a viewkit 1.2 database to 1.3."""

import sys

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = sys.argv[1]
db = SQLAlchemy(app)

if __name__ == "__main__":
    with app.app_context():
        db.session.execute(db.text("ALTER TABLE vk_permission RENAME TO vk_permission_old"))
        db.session.commit()
