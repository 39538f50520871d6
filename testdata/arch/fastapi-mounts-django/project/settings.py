INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "catalog"]
ROOT_URLCONF = "project.urls"
