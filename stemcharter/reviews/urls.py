from django.urls import path

from .views import backoffice

backoffice_urlpatterns = [
    path("beoordelingen/", backoffice.ReviewQueueView.as_view(), name="review-queue"),
    path(
        "beoordelingen/<slug:type_key>/<id:pk>/",
        backoffice.ReviewDetailView.as_view(),
        name="review-detail",
    ),
    path(
        "beoordelingen/<slug:type_key>/<id:pk>/starten/",
        backoffice.ReviewStartView.as_view(),
        name="review-start",
    ),
    path(
        "beoordelingen/<slug:type_key>/<id:pk>/beslissen/",
        backoffice.ReviewDecideView.as_view(),
        name="review-decide",
    ),
    path(
        "beoordelingen/<slug:type_key>/<id:pk>/offline/",
        backoffice.ReviewWithdrawView.as_view(),
        name="review-withdraw",
    ),
    path("criteria/", backoffice.CriteriaSetListView.as_view(), name="criteria-set-list"),
    path("criteria/nieuw/", backoffice.CriteriaSetEditView.as_view(), name="criteria-set-create"),
    path(
        "criteria/<slug:key>/",
        backoffice.CriteriaSetDetailView.as_view(),
        name="criteria-set-detail",
    ),
    path(
        "criteria/<slug:key>/bewerken/",
        backoffice.CriteriaSetEditView.as_view(),
        name="criteria-set-edit",
    ),
]
