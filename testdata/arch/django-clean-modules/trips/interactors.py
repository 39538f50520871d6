class GetTripInteractor:
    def __init__(self, repo):
        self.repo = repo

    def set_params(self, id):
        self.id = id
        return self

    def execute(self):
        return self.repo.get(self.id)
