import json


class LoanJsonEncoder(json.JSONEncoder):
    def default(self, o):
        return {"code": str(o.code), "book": o.book, "member": o.member, "days": o.days}
