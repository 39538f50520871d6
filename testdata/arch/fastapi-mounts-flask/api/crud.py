from .models import Person


def get_person(db, person_id: int):
    return db.get(Person, person_id)
