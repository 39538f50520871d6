class GetTripInteractor:
    """Finds one trip by its id."""

    def __init__(self, repo):
        self.repo = repo

    def set_params(self, trip_id):
        self.trip_id = trip_id
        return self

    def execute(self):
        return self.repo.get(self.trip_id)
