from django.urls import re_path
from rest_framework.routers import SimpleRouter

from accounts.api import basket, views

router = SimpleRouter(trailing_slash="/?")
router.register("tokens", views.TokenViewSet, basename="token")

items = basket.BasketItemViewSet

urlpatterns = [
    re_path(r"^auth/session/?$", views.SessionView.as_view(), name="auth-session"),
    re_path(r"^auth/login/?$", views.LoginView.as_view(), name="auth-login"),
    re_path(r"^auth/logout/?$", views.LogoutView.as_view(), name="auth-logout"),
    re_path(r"^profile/?$", views.ProfileView.as_view(), name="profile"),
    re_path(r"^basket/items/?$",
            items.as_view({"get": "list", "post": "create", "delete": "clear"}),
            name="basket-items"),
    re_path(r"^basket/items/from-search/?$", items.as_view({"post": "from_search"}),
            name="basket-from-search"),
    re_path(r"^basket/items/(?P<pk>[0-9]+)/?$",
            items.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"}),
            name="basket-item"),
    re_path(r"^basket/export/?$", basket.BasketExportView.as_view(), name="basket-export"),
    *router.urls,
]
