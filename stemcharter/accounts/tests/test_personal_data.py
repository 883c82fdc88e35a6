import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.audit.services import audit_record
from stemcharter.charter.models import Signature
from stemcharter.charter.tests.factories import ApprovedSignatureFactory
from stemcharter.organisations.models import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
)
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory

User = get_user_model()


def _invitation(*, organisation, email, status=Invitation.Status.PENDING):
    return Invitation.objects.create(
        organisation=organisation,
        email=email,
        token=f"token-{organisation.pk}-{email}",
        status=status,
        expires_at=timezone.now() + timedelta(days=7),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["portal:account-data-export", "portal:account-delete"])
def test_anonymous_is_sent_to_login(client, name):
    for method in (client.get, client.post):
        response = method(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_preferences_page_links_to_export_and_delete(client, english):
    client.force_login(UserFactory())
    content = client.get(reverse("portal:account-preferences")).content.decode()
    assert reverse("portal:account-data-export") in content
    assert reverse("portal:account-delete") in content


@pytest.mark.django_db
def test_export_page_shows_what_we_keep(client, english):
    user = UserFactory(name="Ann Peeters")
    client.force_login(user)
    response = client.get(reverse("portal:account-data-export"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Your personal data" in content
    assert user.email in content
    assert "Download your data" in content
    assert not AuditEntry.objects.filter(code="accounts.user.data_exported").exists()


@pytest.mark.django_db
def test_export_contains_own_data_and_not_another_users(client):
    user = UserFactory(name="Ann Peeters")
    other = UserFactory(name="Bob Janssens")
    membership = MembershipFactory(user=user)
    MembershipFactory(user=other)
    signature = ApprovedSignatureFactory(
        signer=user, organisation=membership.organisation, signer_function="Directeur"
    )
    ApprovedSignatureFactory(signer=other)
    _invitation(organisation=OrganisationFactory(), email=user.email)
    _invitation(organisation=OrganisationFactory(), email=other.email)
    JoinRequest.objects.create(organisation=OrganisationFactory(), user=user, message="Hallo")
    JoinRequest.objects.create(organisation=OrganisationFactory(), user=other)
    audit_record(actor=user, code="accounts.user.preferences_updated", target=user)
    audit_record(actor=other, code="accounts.user.preferences_updated", target=other)
    client.force_login(user)

    response = client.post(reverse("portal:account-data-export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="stem-charter-gegevens.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert data["account"]["name"] == "Ann Peeters"
    assert data["account"]["email_addresses"] == [
        {"email": user.email, "verified": True, "primary": True}
    ]
    assert [m["organisation"] for m in data["memberships"]] == [membership.organisation.name]
    assert data["memberships"][0]["role"] == "admin"
    assert len(data["signatures"]) == 1
    assert data["signatures"][0]["signer_name"] == signature.signer_name
    assert data["signatures"][0]["status"] == "approved"
    assert [i["email"] for i in data["invitations"]] == [user.email]
    assert [j["message"] for j in data["join_requests"]] == ["Hallo"]
    assert [e["code"] for e in data["audit_entries"]] == ["accounts.user.preferences_updated"]
    raw = response.content.decode()
    assert other.email not in raw
    assert "Bob Janssens" not in raw
    assert AuditEntry.objects.filter(code="accounts.user.data_exported", actor=user).count() == 1


@pytest.mark.django_db
def test_delete_page_explains_and_asks_for_email(client, english):
    client.force_login(UserFactory())
    response = client.get(reverse("portal:account-delete"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Delete your account" in content
    assert "your name, function and email address are removed" in content


@pytest.mark.django_db
def test_wrong_confirmation_email_gives_field_error(client, english):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("portal:account-delete"), {"email": "someone@example.org"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"email"}
    assert "This is not the email address you log in with." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_delete_refused_for_last_admin_of_organisation_with_another_member(client, english):
    user = UserFactory()
    membership = MembershipFactory(user=user, role=Membership.Role.ADMIN)
    MembershipFactory(organisation=membership.organisation, role=Membership.Role.EDITOR)
    signature = ApprovedSignatureFactory(signer=user, organisation=membership.organisation)
    JoinRequest.objects.create(organisation=OrganisationFactory(), user=user)
    client.force_login(user)

    page = client.get(reverse("portal:account-delete")).content.decode()
    assert membership.organisation.name in page
    response = client.post(reverse("portal:account-delete"), {"email": user.email.upper()})

    assert response.status_code == 200
    content = response.content.decode()
    assert "You are the last admin of" in content
    assert membership.organisation.name in content
    assert User.objects.filter(pk=user.pk).exists()
    assert Membership.objects.filter(user=user).count() == 1
    assert JoinRequest.objects.filter(user=user).count() == 1
    signature.refresh_from_db()
    assert (signature.signer, signature.signer_email) == (user, user.email)
    assert not AuditEntry.objects.filter(code="accounts.user.deleted").exists()
    assert client.get(reverse("portal:account-preferences")).status_code == 200


@pytest.mark.django_db
def test_delete_refused_for_last_admin_of_organisation_with_a_signature(client, english):
    user = UserFactory()
    membership = MembershipFactory(user=user, role=Membership.Role.ADMIN)
    ApprovedSignatureFactory(organisation=membership.organisation)
    client.force_login(user)
    response = client.post(reverse("portal:account-delete"), {"email": user.email})
    assert response.status_code == 200
    assert "You are the last admin of" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_delete_removes_account_and_anonymises_what_stays(client, english):
    user = UserFactory(name="Ann Peeters")
    # Editor of an organisation that keeps its admin and its signature.
    organisation = OrganisationFactory()
    admin = MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user
    MembershipFactory(organisation=organisation, user=user, role=Membership.Role.EDITOR)
    signature = ApprovedSignatureFactory(
        organisation=organisation, signer=user, signer_name="Ann Peeters"
    )
    # Sole admin of an organisation nobody else uses: it goes with the account.
    lonely = MembershipFactory(user=user, role=Membership.Role.ADMIN).organisation
    pending = _invitation(organisation=OrganisationFactory(), email=user.email)
    join_request = JoinRequest.objects.create(organisation=OrganisationFactory(), user=user)
    audit_record(actor=user, code="accounts.user.preferences_updated", target=user)
    audit_record(
        actor=admin,
        code="organisations.invitation.created",
        target=organisation,
        data={"email": user.email, "role": "editor"},
    )
    others_invitation = _invitation(organisation=organisation, email="colleague@example.org")
    client.force_login(user)

    response = client.post(reverse("portal:account-delete"), {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == reverse("public:home")
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    assert not Membership.objects.filter(organisation=organisation, user_id=user.pk).exists()
    assert Membership.objects.filter(organisation=organisation, user=admin).exists()
    assert not Organisation.objects.filter(pk=lonely.pk).exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    signature.refresh_from_db()
    assert signature.status == Signature.Status.APPROVED
    assert (signature.signer, signature.signer_name) == (None, "(removed)")
    assert (signature.signer_function, signature.signer_email) == ("", "")
    assert not Invitation.objects.filter(pk=pending.pk).exists()
    assert Invitation.objects.filter(pk=others_invitation.pk).exists()
    assert not JoinRequest.objects.filter(pk=join_request.pk).exists()

    entry = AuditEntry.objects.get(code="accounts.user.deleted")
    assert entry.actor is None
    assert entry.data == {"user_id": user.pk}
    assert user.email not in entry.target_repr
    for kept in AuditEntry.objects.all():
        assert user.email not in json.dumps(kept.data)
        assert user.email not in kept.target_repr
        assert "Ann Peeters" not in kept.target_repr
    assert AuditEntry.objects.filter(code="organisations.invitation.created").exists()

    # Logged out: the portal sends to the login page again; the message is shown.
    followed = client.get(reverse("public:home"))
    assert "Your account has been deleted." in followed.content.decode()
    login_redirect = client.get(reverse("portal:account-preferences"))
    assert login_redirect.status_code == 302
    assert reverse("account_login") in login_redirect["Location"]
