from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from inventory.models import Item

engine = create_engine("sqlite://")


def get_session():
    with Session(engine) as session:
        yield session


def insert_item(session: Session, name: str) -> Item:
    item = Item(name=name)
    session.add(item)
    session.commit()
    return item
