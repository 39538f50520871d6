from app.domain.member.entity import Member
from app.domain.member.repository import MemberRepository


class GetMember:
    def __init__(self, members: MemberRepository) -> None:
        self.members = members

    def __call__(self, member_id: int) -> Member:
        return self.members.get(member_id)
