from typing import Protocol

from app.domain.member.entity import Member


class MemberRepository(Protocol):
    def get(self, member_id: int) -> Member: ...
