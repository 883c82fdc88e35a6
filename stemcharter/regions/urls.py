from django.urls import path

from . import views

backoffice_urlpatterns = [
    path("regio-s/", views.RegionListView.as_view(), name="region-list"),
    path("regio-s/<slug:slug>/", views.SubregionEditView.as_view(), name="subregion-edit"),
    path(
        "regio-s/<slug:slug>/contactpunten/",
        views.ContactPointAddView.as_view(),
        name="contact-point-add",
    ),
    path(
        "regio-s/<slug:slug>/contactpunten/<id:user_pk>/verwijderen/",
        views.ContactPointRemoveView.as_view(),
        name="contact-point-remove",
    ),
]
