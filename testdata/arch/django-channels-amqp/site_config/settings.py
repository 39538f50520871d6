INSTALLED_APPS = ["daphne", "django.contrib.auth", "channels", "chat"]
ASGI_APPLICATION = "site_config.asgi.application"
BROKER_URL = "amqp://guest@localhost//"
