from django.urls import path

from feeds import views

urlpatterns = [path("feeds/", views.feed_list)]
