"""A copy of an upload SDK whose Django integration is optional."""
try:
    from django.conf import settings as django_settings
except ImportError:
    django_settings = None
