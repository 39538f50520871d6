import json

from nameko.events import EventDispatcher, event_handler
from nameko.rpc import rpc
from nameko.web.handlers import http

from bookings.store import BookingStore


class BookingService:
    name = "bookings"

    dispatch = EventDispatcher()
    store = BookingStore()

    @rpc
    def book(self, table_id, guests):
        booking = self.store.add(table_id, guests)
        self.dispatch("table_booked", booking)
        return booking

    @http("POST", "/bookings")
    def book_over_http(self, request):
        payload = json.loads(request.get_data(as_text=True))
        return json.dumps(self.book(payload["table_id"], payload["guests"]))


class AuditService:
    name = "audit"

    @event_handler("bookings", "table_booked")
    def record(self, booking):
        print("booked", booking)
