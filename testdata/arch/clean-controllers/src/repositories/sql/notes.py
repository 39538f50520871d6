from sqlalchemy.orm import Session

from src.models.note import Note
from src.repositories.abstraction.notes import NoteRepository


class SqlNoteRepository(NoteRepository):
    def __init__(self, session: Session):
        self.session = session

    def add(self, note: Note) -> None:
        self.session.add(note)

    def get(self, note_id: int) -> Note | None:
        return self.session.get(Note, note_id)
