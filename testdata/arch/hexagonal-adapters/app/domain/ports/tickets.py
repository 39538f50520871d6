import abc

from app.domain.model import Ticket


class TicketStore(abc.ABC):
    @abc.abstractmethod
    def get(self, ticket_id: int) -> Ticket: ...

    @abc.abstractmethod
    def put(self, ticket: Ticket) -> None: ...
