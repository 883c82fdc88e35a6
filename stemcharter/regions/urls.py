from django.urls import path

from . import views

backoffice_urlpatterns = [
    path("regio-s/", views.RegionListView.as_view(), name="region-list"),
    path("regio-s/<slug:slug>/", views.SubregionEditView.as_view(), name="subregion-edit"),
]
