from django.db import models


class ORMTrip(models.Model):
    title = models.CharField(max_length=80)
