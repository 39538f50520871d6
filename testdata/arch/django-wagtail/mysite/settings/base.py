INSTALLED_APPS = [
    "home",
    "search",
    "wagtail.contrib.forms",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "django.contrib.admin",
    "django.contrib.auth",
]
ROOT_URLCONF = "mysite.urls"
WSGI_APPLICATION = "mysite.wsgi.application"
