from django.urls import path

from temba.contacts import views

urlpatterns = [path("contacts/", views.contact_list)]
