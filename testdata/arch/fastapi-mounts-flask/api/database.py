from sqlalchemy import create_engine
from sqlalchemy.orm import Session

engine = create_engine("sqlite://")


def session():
    with Session(engine) as s:
        yield s
