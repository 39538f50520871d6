from django.urls import path

from inventory.assets import views

urlpatterns = [path("assets/", views.asset_list)]
