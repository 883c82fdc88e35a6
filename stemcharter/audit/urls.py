from django.urls import path

from . import views

backoffice_urlpatterns = [
    path("audit/", views.AuditEntryListView.as_view(), name="audit-list"),
]
