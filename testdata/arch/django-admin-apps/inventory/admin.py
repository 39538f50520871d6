from django.contrib import admin

from inventory.models import Item


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["sku", "quantity"]
