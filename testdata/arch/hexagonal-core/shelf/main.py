from litestar import Litestar
from litestar.di import Provide

from shelf.adapters.driven.storage.sql_books import SqlBookStore
from shelf.adapters.driving.http.controllers import LoanController
from shelf.core.services import LendingDesk


def desk() -> LendingDesk:
    return LendingDesk(SqlBookStore("sqlite:///shelf.db"))


app = Litestar(route_handlers=[LoanController], dependencies={"desk": Provide(desk)})
