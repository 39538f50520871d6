from django.db import models


class Asset(models.Model):
    hostname = models.CharField(max_length=200)
