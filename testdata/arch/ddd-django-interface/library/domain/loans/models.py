from django.db import models

from library.domain.members.models import Member


class Loan(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE)
    isbn = models.CharField(max_length=13)
    returned = models.BooleanField(default=False)
