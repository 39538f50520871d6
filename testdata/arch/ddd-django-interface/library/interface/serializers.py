from rest_framework import serializers

from library.domain.loans.models import Loan


class LoanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Loan
        fields = ["id", "member", "isbn", "returned"]
