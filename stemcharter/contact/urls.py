from django.urls import path

from . import views

app_name = "contact"

urlpatterns = [
    path("contact/", views.ContactView.as_view(), name="contact"),
]

# The contact form of a region, in the ``regions`` namespace beside the region pages (see
# config/urls.py).
region_urlpatterns = [
    path("regio/<slug:slug>/contact/", views.RegionContactView.as_view(), name="subregion-contact"),
]

# The coordinators' list of messages, in the ``backoffice`` namespace (see config/urls.py).
backoffice_urlpatterns = [
    path("contact/", views.ContactMessageListView.as_view(), name="contact-message-list"),
    path(
        "contact/<id:pk>/",
        views.ContactMessageDetailView.as_view(),
        name="contact-message-detail",
    ),
    path(
        "contact/<id:pk>/afgehandeld/",
        views.ContactMessageHandleView.as_view(),
        name="contact-message-handle",
    ),
]
