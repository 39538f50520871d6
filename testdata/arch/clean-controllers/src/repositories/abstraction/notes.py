from abc import ABC, abstractmethod

from src.models.note import Note


class NoteRepository(ABC):
    @abstractmethod
    def add(self, note: Note) -> None: ...

    @abstractmethod
    def get(self, note_id: int) -> Note | None: ...
