from django.urls import path

from .views import backoffice

backoffice_urlpatterns = [
    path("beoordelingen/", backoffice.ReviewQueueView.as_view(), name="review-queue"),
    path(
        "beoordelingen/<slug:type_key>/<int:pk>/",
        backoffice.ReviewDetailView.as_view(),
        name="review-detail",
    ),
    path("criteria/", backoffice.CriteriaSetListView.as_view(), name="criteria-set-list"),
]
