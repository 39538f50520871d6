"""Runs the app's tests in a throwaway project: a test runner, no manage.py."""
import sys

import django
from django.conf import settings
from django.core.management import execute_from_command_line

settings.configure(INSTALLED_APPS=["django.contrib.contenttypes", "acme_tags"])
django.setup()
execute_from_command_line([sys.argv[0], "test", *sys.argv[1:]])
