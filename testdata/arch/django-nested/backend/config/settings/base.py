INSTALLED_APPS = ["django.contrib.contenttypes", "catalog", "reviews"]
ROOT_URLCONF = "config.urls"
