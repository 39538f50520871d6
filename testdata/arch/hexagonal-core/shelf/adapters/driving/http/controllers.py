from litestar import Controller, post

from shelf.core.services import LendingDesk


class LoanController(Controller):
    path = "/books"

    @post("/{isbn:str}/loans")
    async def lend(self, isbn: str, reader: str, desk: LendingDesk) -> dict:
        loan = desk.lend(isbn, reader)
        return {"reader": loan.reader, "days": loan.days}
