from fastapi import APIRouter

from app.usecase.get_member import GetMember

router = APIRouter()


@router.get("/members/{member_id}")
def get_member(member_id: int):
    return GetMember(members=None)(member_id)
