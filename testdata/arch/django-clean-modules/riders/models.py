from django.db import models


class ORMRider(models.Model):
    title = models.CharField(max_length=80)
