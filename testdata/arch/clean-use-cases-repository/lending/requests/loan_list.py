class LoanListValidRequest:
    def __init__(self, filters=None):
        self.filters = filters

    def __bool__(self):
        return True


def build_loan_list_request(filters=None):
    return LoanListValidRequest(filters=filters)
