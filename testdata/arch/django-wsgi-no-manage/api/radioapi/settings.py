SECRET_KEY = "change-me"
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "rest_framework", "radioapi"]
ROOT_URLCONF = "radioapi.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "radio"}}
