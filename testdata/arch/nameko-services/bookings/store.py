class BookingStore:
    def __init__(self):
        self.bookings = []

    def add(self, table_id, guests):
        booking = {"id": len(self.bookings) + 1, "table_id": table_id, "guests": guests}
        self.bookings.append(booking)
        return booking
