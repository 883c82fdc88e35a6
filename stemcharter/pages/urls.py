from django.urls import path

from .views import backoffice, portal, public

app_name = "public"

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
]

# Each signatory's page, in the ``organisations`` namespace (see config/urls.py).
signatory_urlpatterns = [
    path(
        "ondertekenaars/<slug:slug>/",
        public.SignatoryDetailView.as_view(),
        name="organisation-detail",
    ),
]

# The portal home, in the ``portal`` namespace (see config/urls.py).
portal_urlpatterns = [
    path("", portal.PortalHomeView.as_view(), name="home"),
]

# The back-office home, in the ``backoffice`` namespace (see config/urls.py).
backoffice_urlpatterns = [
    path("", backoffice.HomeView.as_view(), name="home"),
]
