from django.urls import include, path

urlpatterns = [
    path("tracer/", include("tracer.urls")),
    path("", include("example_app.urls")),
]
