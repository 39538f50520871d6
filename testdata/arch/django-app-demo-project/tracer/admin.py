from django.contrib import admin

from tracer.models import Request

admin.site.register(Request)
