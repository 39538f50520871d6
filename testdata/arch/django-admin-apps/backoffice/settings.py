INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "inventory", "suppliers"]
ROOT_URLCONF = "backoffice.urls"
ASGI_APPLICATION = "backoffice.asgi.application"
