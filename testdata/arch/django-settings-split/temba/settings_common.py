# Shared settings; the deployment writes temba/settings.py, which imports
# these and settings_dev.py or its own overrides.
SECRET_KEY = "change me"
INSTALLED_APPS = ["django.contrib.contenttypes", "temba.contacts"]
ROOT_URLCONF = "temba.urls"
