from django.db import models


class Review(models.Model):
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE)
    stars = models.PositiveSmallIntegerField()
