from app.domain.ports.tickets import TicketStore


def close_ticket(store: TicketStore, ticket_id: int) -> None:
    ticket = store.get(ticket_id)
    ticket.close()
    store.put(ticket)
