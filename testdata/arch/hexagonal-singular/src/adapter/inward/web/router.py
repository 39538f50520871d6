from fastapi import APIRouter

from src.adapter.outward.persistence.memory_accounts import MemoryAccounts
from src.application.domain.service.send_money_service import SendMoneyService
from src.application.port.inward.send_money import SendMoneyCommand

router = APIRouter()
service = SendMoneyService(MemoryAccounts())


@router.post("/send/{source}/{target}/{amount}")
def send(source: int, target: int, amount: int):
    return {"ok": service.send(SendMoneyCommand(source, target, amount))}
