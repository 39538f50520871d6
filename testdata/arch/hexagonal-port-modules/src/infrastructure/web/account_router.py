from fastapi import APIRouter, Depends
from pydantic import BaseModel

from src.domain.account.account_service import AccountService

router = APIRouter(prefix="/accounts")


class Rename(BaseModel):
    email: str


def account_service() -> AccountService:
    raise NotImplementedError("wired in src.main")


@router.put("/{account_id}/email")
def rename(account_id: int, body: Rename, service: AccountService = Depends(account_service)):
    account = service.rename(account_id, body.email)
    return {"id": account.id, "email": account.email}
