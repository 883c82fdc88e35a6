from django.urls import path

from .views import public

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
