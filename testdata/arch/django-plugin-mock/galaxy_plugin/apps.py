from django.apps import AppConfig


class GalaxyPluginConfig(AppConfig):
    name = "galaxy_plugin"
    label = "galaxy"
