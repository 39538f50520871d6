SECRET_KEY = "fixture"
INSTALLED_APPS = ["django.contrib.contenttypes", "buildsite.builds"]
ROOT_URLCONF = "buildsite.urls"
CELERY_BROKER_URL = "redis://localhost:6379/0"
