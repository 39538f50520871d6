from django.apps import AppConfig


class TracerConfig(AppConfig):
    name = "tracer"
