SECRET_KEY = "change-me"
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "admin_tools"]
ROOT_URLCONF = "adminsite.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "cms"}}
