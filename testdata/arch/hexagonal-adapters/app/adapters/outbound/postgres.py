import psycopg

from app.domain.model import Ticket
from app.domain.ports.tickets import TicketStore


class PostgresTicketStore(TicketStore):
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    def get(self, ticket_id: int) -> Ticket:
        with psycopg.connect(self.dsn) as conn:
            row = conn.execute("SELECT id, title, closed FROM tickets WHERE id = %s", (ticket_id,)).fetchone()
        return Ticket(*row)

    def put(self, ticket: Ticket) -> None:
        with psycopg.connect(self.dsn) as conn:
            conn.execute("UPDATE tickets SET closed = %s WHERE id = %s", (ticket.closed, ticket.id))
