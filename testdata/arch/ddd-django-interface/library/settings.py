SECRET_KEY = "fixture"
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "library.domain.loans",
    "library.domain.members",
]
ROOT_URLCONF = "library.interface.urls"
WSGI_APPLICATION = "library.drivers.wsgi.application"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "library.sqlite3"}}
