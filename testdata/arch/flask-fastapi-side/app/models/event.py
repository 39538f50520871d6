from app.models import db


class Event(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False)

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name}
