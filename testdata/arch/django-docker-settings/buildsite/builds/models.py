from django.db import models


class Build(models.Model):
    project = models.CharField(max_length=100)
    state = models.CharField(max_length=20)
