from django.urls import include, path

urlpatterns = [path("catalogue/", include("shopkit.catalogue.urls"))]
