from library.domain.loans.models import Loan


def open_loans(member_id: int) -> int:
    return Loan.objects.filter(member_id=member_id, returned=False).count()
