from configurations import Configuration


class Base(Configuration):
    SECRET_KEY = "not-a-secret"
    INSTALLED_APPS = ["wagtail", "donations.pages", "donations.members", "donations.checkout"]
    ROOT_URLCONF = "donations.urls"
    WSGI_APPLICATION = "donations.wsgi.application"
