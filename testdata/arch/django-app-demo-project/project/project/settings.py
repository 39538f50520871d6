SECRET_KEY = "demo"
DEBUG = True
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.contenttypes", "tracer", "example_app"]
MIDDLEWARE = ["tracer.middleware.TracerMiddleware"]
ROOT_URLCONF = "project.urls"
