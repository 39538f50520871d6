class GetRiderInteractor:
    def __init__(self, repo):
        self.repo = repo

    def set_params(self, id):
        self.id = id
        return self

    def execute(self):
        return self.repo.get(self.id)


class RenameRiderInteractor:
    def __init__(self, repo, validator):
        self.repo = repo
        self.validator = validator

    def execute(self, id, title):
        self.validator.validate(title)
        rider = self.repo.get(id)
        rider.title = title
        return self.repo.save(rider)
