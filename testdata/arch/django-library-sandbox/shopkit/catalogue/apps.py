from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "shopkit.catalogue"
    label = "catalogue"
