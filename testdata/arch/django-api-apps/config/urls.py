from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api import AccountList
from orders.viewsets import OrderViewSet

router = DefaultRouter()
router.register("orders", OrderViewSet)

urlpatterns = [
    path("api/accounts/", AccountList.as_view()),
    path("api/", include(router.urls)),
]
