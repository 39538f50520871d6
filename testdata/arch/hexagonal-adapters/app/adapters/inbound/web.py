from flask import Flask

from app.adapters.outbound.postgres import PostgresTicketStore
from app.domain.services import close_ticket

web = Flask(__name__)
store = PostgresTicketStore("postgresql://localhost/tickets")


@web.post("/tickets/<int:ticket_id>/close")
def close(ticket_id: int):
    close_ticket(store, ticket_id)
    return "", 204
