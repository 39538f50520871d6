from app.models import db


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(320), unique=True)

    def as_dict(self) -> dict:
        return {"id": self.id, "email": self.email}
