SECRET_KEY = "not-a-secret"
INSTALLED_APPS = ["django.contrib.contenttypes", "trips", "riders"]
ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"
