from fastapi import APIRouter

router = APIRouter()


@router.post("/notes")
async def add_note(text: str) -> dict:
    return {"text": text}
