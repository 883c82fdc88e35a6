from django.urls import path

from .views import backoffice, portal, public

app_name = "charter"

urlpatterns = [
    path("charter/", public.CharterDetailView.as_view(), name="charter-detail"),
    path("ondertekenen/", public.SignOrganisationView.as_view(), name="sign"),
    path("ondertekenen/jij/", public.SignSignerView.as_view(), name="sign-signer"),
    path("ondertekenen/engagement/", public.SignCommitmentView.as_view(), name="sign-commitment"),
    path("ondertekenen/controleren/", public.SignCheckView.as_view(), name="sign-check"),
    path("ondertekenen/verzonden/", public.SignDoneView.as_view(), name="sign-done"),
    path(
        "ondertekenen/uitnodiging/<str:token>/",
        public.SignInvitationView.as_view(),
        name="sign-invitation",
    ),
]

# The directory of signatories, in the ``organisations`` namespace (see config/urls.py).
signatory_urlpatterns = [
    path("ondertekenaars/", public.SignatoryListView.as_view(), name="organisation-list"),
]

portal_urlpatterns = [
    path(
        "organisaties/<slug:organisation_slug>/ondertekening/intrekken/",
        portal.SignatureWithdrawView.as_view(),
        name="signature-withdraw",
    ),
]

backoffice_urlpatterns = [
    path("ondertekeningen/", backoffice.SignatureListView.as_view(), name="signature-list"),
    path(
        "ondertekeningen/<id:pk>/",
        backoffice.SignatureDetailView.as_view(),
        name="signature-detail",
    ),
    path(
        "ondertekeningen/<id:pk>/goedkeuren/",
        backoffice.SignatureApproveView.as_view(),
        name="signature-approve",
    ),
    path(
        "ondertekeningen/<id:pk>/afwijzen/",
        backoffice.SignatureRejectView.as_view(),
        name="signature-reject",
    ),
    path("charter/", backoffice.CharterVersionListView.as_view(), name="charter-version-list"),
    path(
        "charter/nieuw/",
        backoffice.CharterVersionCreateView.as_view(),
        name="charter-version-create",
    ),
    path(
        "charter/<id:number>/",
        backoffice.CharterVersionDetailView.as_view(),
        name="charter-version-detail",
    ),
    path(
        "organisaties/",
        backoffice.OrganisationListView.as_view(),
        name="organisation-list",
    ),
    path(
        "organisaties/export.csv",
        backoffice.OrganisationExportView.as_view(),
        name="organisation-export",
    ),
    path(
        "organisaties/<slug:slug>/",
        backoffice.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
]
