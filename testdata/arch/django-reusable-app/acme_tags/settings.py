"""The app's own settings, read from the project's: no project settings."""
from django.conf import settings

MAX_TAGS = getattr(settings, "ACME_TAGS_MAX", 10)
