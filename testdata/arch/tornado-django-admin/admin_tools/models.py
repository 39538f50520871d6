from django.db import models


class Entry(models.Model):
    kind = models.CharField(max_length=32)
    title = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        db_table = "entry"
        managed = False
