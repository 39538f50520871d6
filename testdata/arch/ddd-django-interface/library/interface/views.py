from rest_framework.decorators import api_view
from rest_framework.response import Response

from library.application.services import lend
from library.interface.serializers import LoanSerializer


@api_view(["POST"])
def create_loan(request):
    loan = lend(request.data["member"], request.data["isbn"])
    return Response(LoanSerializer(loan).data, status=201)
