from django.contrib import admin

from catalog.models import Product

admin.site.register(Product)
