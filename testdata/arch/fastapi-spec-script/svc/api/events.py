from fastapi import APIRouter

from svc.models import Event

router = APIRouter()


@router.get("/events")
def list_events() -> list[str]:
    return [e.label for e in Event.select()]
