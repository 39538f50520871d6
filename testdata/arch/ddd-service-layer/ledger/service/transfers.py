from decimal import Decimal

from ledger.service.unit_of_work import UnitOfWork


def transfer(uow: UnitOfWork, source: str, target: str, amount: Decimal) -> None:
    with uow:
        debit = uow.accounts.get(source)
        credit = uow.accounts.get(target)
        debit.withdraw(amount)
        credit.deposit(amount)
        uow.commit()
