from django.urls import include, path
from wagtail import urls as wagtail_urls

from donations.checkout import views

urlpatterns = [
    path("checkout/", views.checkout),
    path("", include(wagtail_urls)),
]
