from rest_framework import routers

from radioapi.views import ShowViewSet

router = routers.DefaultRouter()
router.register("shows", ShowViewSet)
urlpatterns = router.urls
