from django.db import models


class Order(models.Model):
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    total = models.DecimalField(max_digits=10, decimal_places=2)
