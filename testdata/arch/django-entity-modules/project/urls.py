from django.urls import path

from riders import views as rider_views
from trips import views as trip_views

urlpatterns = [
    path("trips/<int:trip_id>", trip_views.TripView.as_view()),
    path("riders/<int:rider_id>", rider_views.RiderView.as_view()),
]
