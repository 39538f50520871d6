from src.models.note import Note
from src.repositories.abstraction.notes import NoteRepository


class AddNote:
    def __init__(self, notes: NoteRepository):
        self.notes = notes

    def __call__(self, note_id: int, text: str) -> Note:
        note = Note(id=note_id, text=text)
        self.notes.add(note)
        return note
