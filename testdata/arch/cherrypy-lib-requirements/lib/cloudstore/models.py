from django.db import models


class UploadedFileField(models.CharField):
    pass
