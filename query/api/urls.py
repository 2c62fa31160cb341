from rest_framework.routers import DefaultRouter

from query.api import views

router = DefaultRouter(trailing_slash="/?")
router.register("archives", views.ArchiveViewSet, basename="archive")
router.register("datasets", views.DatasetViewSet, basename="dataset")
router.register("connector-types", views.ConnectorTypeViewSet, basename="connector-type")
router.register("searches", views.SearchViewSet, basename="search")

urlpatterns = router.urls
