from django.urls import path

from .views import do_not_contact, portal

# The public pages of organisations are those of signatories, in the ``organisations``
# namespace of config/urls.py: the directory is the charter's, each signatory's page is in pages.
# Its own public page: the "no more invitations" link of every invitation email (issue 14).
public_urlpatterns = [
    path(
        "uitnodigingen/geen/<str:token>/",
        do_not_contact.DoNotContactView.as_view(),
        name="do-not-contact",
    ),
]

portal_urlpatterns = [
    path(
        "uitnodiging/<str:token>/",
        portal.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
    path(
        "aansluiten/<slug:slug>/",
        portal.JoinRequestCreateView.as_view(),
        name="join-request-create",
    ),
    path(
        "organisaties/<slug:organisation_slug>/",
        portal.OrganisationEditView.as_view(),
        name="organisation-edit",
    ),
    path(
        "organisaties/<slug:organisation_slug>/leden/",
        portal.MemberListView.as_view(),
        name="member-list",
    ),
    path(
        "organisaties/<slug:organisation_slug>/leden/uitnodigen/",
        portal.InvitationCreateView.as_view(),
        name="invitation-create",
    ),
    path(
        "organisaties/<slug:organisation_slug>/leden/<id:pk>/verwijderen/",
        portal.MembershipDeleteView.as_view(),
        name="membership-delete",
    ),
    path(
        "organisaties/<slug:organisation_slug>/uitnodigingen/<id:pk>/intrekken/",
        portal.InvitationRevokeView.as_view(),
        name="invitation-revoke",
    ),
    path(
        "organisaties/<slug:organisation_slug>/aanvragen/<id:pk>/",
        portal.JoinRequestDecideView.as_view(),
        name="join-request-decide",
    ),
]
