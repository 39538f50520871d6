from django.contrib import admin

from suppliers.models import Supplier

admin.site.register(Supplier)
