from django.contrib import admin

from library.domain.loans.models import Loan

admin.site.register(Loan)
