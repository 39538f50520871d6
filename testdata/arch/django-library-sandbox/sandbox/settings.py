SECRET_KEY = "sandbox-only"
DEBUG = True
ROOT_URLCONF = "urls"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "shopkit.catalogue"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "sandbox.sqlite3"}}
