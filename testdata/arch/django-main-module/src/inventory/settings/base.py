SECRET_KEY = "fixture"
INSTALLED_APPS = ["django.contrib.contenttypes", "inventory.assets"]
ROOT_URLCONF = "inventory.urls"
