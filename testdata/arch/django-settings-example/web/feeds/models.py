from django.db import models


class Feed(models.Model):
    url = models.URLField()
