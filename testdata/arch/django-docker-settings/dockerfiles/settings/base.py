"""Settings of the docker-compose environment: a directory without
__init__.py whose modules import each other relatively."""
from buildsite.settings import *  # noqa: F401,F403


class DockerSettings:
    DEBUG = True
