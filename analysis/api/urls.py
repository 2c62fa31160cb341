from rest_framework.routers import SimpleRouter

from analysis.api import views

router = SimpleRouter(trailing_slash="/?")
router.register("facilities", views.ComputeFacilityViewSet, basename="facility")
router.register("repositories", views.SoftwareRepositoryViewSet, basename="repository")

urlpatterns = router.urls
