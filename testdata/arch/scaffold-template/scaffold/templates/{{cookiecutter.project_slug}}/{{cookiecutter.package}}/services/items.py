from sqlalchemy.orm import Session


class ItemService:
    def __init__(self, session: Session) -> None:
        self.session = session
