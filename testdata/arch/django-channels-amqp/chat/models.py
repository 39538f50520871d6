from django.db import models


class Message(models.Model):
    room = models.CharField(max_length=50)
    text = models.TextField()
