from django.urls import path

from library.interface.views import create_loan

urlpatterns = [path("loans/", create_loan)]
