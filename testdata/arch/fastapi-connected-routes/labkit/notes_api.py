from fastapi import FastAPI, HTTPException
from pydantic import BaseModel


class Note(BaseModel):
    id: int
    text: str


NOTES: dict[int, Note] = {}


def connect_notes_api(app: FastAPI) -> None:
    @app.get("/api/notes")
    async def list_notes() -> list[Note]:
        return list(NOTES.values())

    @app.post("/api/notes")
    async def create_note(note: Note) -> Note:
        if note.id in NOTES:
            raise HTTPException(status_code=409, detail="exists")
        NOTES[note.id] = note
        return note
