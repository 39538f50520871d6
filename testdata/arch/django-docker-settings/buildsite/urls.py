from django.urls import path

from buildsite.builds import views

urlpatterns = [path("builds/", views.build_list)]
