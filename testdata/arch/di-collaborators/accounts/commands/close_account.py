from dataclasses import dataclass

from accounts.domain.ports import AbstractUnitOfWork


@dataclass(frozen=True)
class CloseAccount:
    user_id: int


class CloseAccountCommand:
    def __init__(self, uow: AbstractUnitOfWork) -> None:
        self.uow = uow

    def __call__(self, cmd: CloseAccount) -> None:
        with self.uow:
            self.uow.commit()
