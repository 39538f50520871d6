"""The settings of the celery container: no module named celery that
would shadow the library."""
from .base import DockerSettings


class CeleryDevSettings(DockerSettings):
    DONT_HIT_DB = False
