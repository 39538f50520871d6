from django import forms


class UploadField(forms.FileField):
    pass
