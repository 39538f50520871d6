from lending.domain.loan import Loan


class MemRepo:
    def __init__(self, data):
        self.data = data

    def list(self, filters=None):
        return [Loan.from_dict(d) for d in self.data]
