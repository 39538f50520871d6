from library.domain.loans.models import Loan
from library.domain.loans.services import open_loans
from library.domain.members.models import Member

MAX_LOANS = 5


def lend(member_id: int, isbn: str) -> Loan:
    member = Member.objects.get(pk=member_id, active=True)
    if open_loans(member.pk) >= MAX_LOANS:
        raise ValueError("too many open loans")
    return Loan.objects.create(member=member, isbn=isbn)
