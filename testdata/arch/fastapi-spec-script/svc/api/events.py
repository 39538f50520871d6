from fastapi import APIRouter
from fastapi.background import BackgroundTasks

from svc.models import Event

router = APIRouter()


def audit(label: str) -> None:
    print("listed", label)


@router.get("/events")
def list_events(background: BackgroundTasks) -> list[str]:
    background.add_task(audit, "events")
    return [e.label for e in Event.select()]
