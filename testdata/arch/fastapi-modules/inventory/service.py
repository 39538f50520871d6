from sqlalchemy.orm import Session

from inventory import crud, schemas


def add_item(session: Session, item: schemas.ItemIn):
    return crud.insert_item(session, item.name.strip())
