from fastapi import APIRouter, Depends

from .crud import get_person
from .database import session

router = APIRouter()


@router.get("/people/{person_id}")
def read(person_id: int, db=Depends(session)):
    return get_person(db, person_id)
