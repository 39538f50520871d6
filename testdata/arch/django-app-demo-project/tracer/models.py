from django.db import models


class Request(models.Model):
    path = models.CharField(max_length=300)
    started = models.DateTimeField(auto_now_add=True)


class Query(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="queries")
    sql = models.TextField()
