from sqlalchemy.orm import Session

from app.domain.member.entity import Member


class SqlMemberRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, member_id: int) -> Member:
        row = self.session.execute("SELECT id, email FROM member WHERE id = :id", {"id": member_id}).one()
        return Member(id=row.id, email=row.email)
