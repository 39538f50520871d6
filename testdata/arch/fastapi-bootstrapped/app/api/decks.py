import fastapi

from app.schemas import DeckOut

ROUTER = fastapi.APIRouter()


@ROUTER.get("/decks/", response_model=list[DeckOut])
async def list_decks():
    return []
