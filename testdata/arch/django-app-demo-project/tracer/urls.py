from django.urls import path

from tracer import views

urlpatterns = [path("requests/", views.requests, name="requests")]
