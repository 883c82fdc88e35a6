"""The one-click "no more invitations" link (issue 14): every invitation email carries it; its
page asks to confirm, then the address gets no invitation of any kind any more."""

import pytest
from django.core import mail
from django.urls import reverse

from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.do_not_contact import (
    DoNotContactLinkProblem,
    do_not_contact_email,
    do_not_contact_token,
)
from stemcharter.organisations.models import DoNotContact, Invitation, Membership
from stemcharter.organisations.services import do_not_contact_add
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_token_names_the_address_and_cannot_be_forged():
    token = do_not_contact_token(" Ann@Example.org ")
    assert do_not_contact_email(token) == "ann@example.org"
    flipped = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
    for bad in ("", "x", token[:-2], token + "x", flipped):
        with pytest.raises(DoNotContactLinkProblem):
            do_not_contact_email(bad)


def test_get_asks_post_adds_without_login(client):
    url = reverse("organisations:do-not-contact", args=[do_not_contact_token("ann@example.org")])
    response = client.get(url)
    assert response.status_code == 200
    assert "ann@example.org" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert DoNotContact.objects.count() == 0  # a scanner following the link adds nothing
    response = client.post(url)
    assert response.status_code == 200
    entry = DoNotContact.objects.get()
    assert (entry.email, entry.source) == ("ann@example.org", DoNotContact.Source.HOLDER)
    assert AuditEntry.objects.filter(code="organisations.do_not_contact.added").count() == 1
    # Twice: still one entry, the page says it is on the list.
    client.post(url)
    assert DoNotContact.objects.count() == 1
    assert "is on our do-not-contact list" in client.get(url).content.decode()


@pytest.mark.parametrize("token", ["made-up", "a" * 300, "..", "%00"])
def test_a_bad_link_gets_a_clear_page(client, token):
    response = client.get(f"/en/uitnodigingen/geen/{token}/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert client.post(f"/en/uitnodigingen/geen/{token}/").status_code == 404
    assert DoNotContact.objects.count() == 0


def test_adding_is_idempotent():
    first = do_not_contact_add(email="A@example.org", source=DoNotContact.Source.HOLDER)
    second = do_not_contact_add(email="a@example.org", source=DoNotContact.Source.COORDINATOR)
    assert first.pk == second.pk
    assert second.source == DoNotContact.Source.HOLDER


def test_the_colleague_invitation_email_carries_the_link_and_honours_the_list(client):
    organisation = OrganisationFactory()
    admin = MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user
    client.force_login(admin)
    invite = reverse("portal:invitation-create", args=[organisation.slug])
    assert client.post(invite, {"email": "bob@example.org", "role": "editor"}).status_code == 302
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/uitnodigingen/geen/" in line)
    token = link.rsplit("/uitnodigingen/geen/", 1)[1].strip("/")
    assert do_not_contact_email(token) == "bob@example.org"
    # Bob follows it and confirms; a colleague invitation by another organisation is refused.
    client.logout()
    assert client.post("/" + link.strip().split("/", 3)[3]).status_code == 200
    assert DoNotContact.objects.filter(email="bob@example.org").exists()
    other = MembershipFactory(role=Membership.Role.ADMIN, organisation__enterprise_number="")
    client.force_login(other.user)
    response = client.post(
        reverse("portal:invitation-create", args=[other.organisation.slug]),
        {"email": "Bob@example.org", "role": "editor"},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("email", "do_not_contact")
    assert 'value="Bob@example.org"' in response.content.decode()
    assert Invitation.objects.count() == 1


def test_the_personal_data_download_holds_the_list_entry_and_invitations_to_sign():
    from datetime import timedelta

    from django.utils import timezone

    from stemcharter.accounts.selectors import personal_data_summary, user_personal_data
    from stemcharter.accounts.services import user_delete
    from stemcharter.accounts.tests.factories import UserFactory

    user = UserFactory(email="ann@example.org")
    Invitation.objects.create(
        kind=Invitation.Kind.SIGNING,
        organisation=OrganisationFactory(),
        email="Ann@example.org",
        invitee_name="Ann",
        invitee_organisation_name="Ann's school",
        message="Sign with us",
        token="t",
        expires_at=timezone.now() + timedelta(days=1),
    )
    do_not_contact_add(email="ann@example.org", source=DoNotContact.Source.HOLDER)
    data = user_personal_data(user=user)
    assert data["do_not_contact"][0]["email"] == "ann@example.org"
    assert data["invitations"][0]["message"] == "Sign with us"
    assert data["invitations"][0]["invited_organisation"] == "Ann's school"
    assert len(personal_data_summary(data=data)) == 6
    user_delete(user=user)
    # The invitations go; the list keeps the address, so nobody invites it again.
    assert Invitation.objects.count() == 0
    assert DoNotContact.objects.filter(email="ann@example.org").exists()


def test_an_invitation_to_sign_does_not_make_its_holder_a_member(client):
    """Its token is for the signing form (charter), not the colleague page: pasted there, it
    is an unknown invitation, and the inviting organisation shows nothing."""
    from datetime import timedelta

    from django.utils import timezone

    from stemcharter.accounts.tests.factories import UserFactory

    organisation = OrganisationFactory(name="Inviting Org")
    invitation = Invitation.objects.create(
        kind=Invitation.Kind.SIGNING,
        organisation=organisation,
        email="ann@example.org",
        invitee_organisation_name="Ann's school",
        token="signing-token",
        expires_at=timezone.now() + timedelta(days=1),
    )
    client.force_login(UserFactory(email="ann@example.org"))
    url = reverse("portal:invitation-accept", args=[invitation.token])
    response = client.get(url)
    assert response.status_code == 404
    assert "Inviting Org" not in response.content.decode()
    assert client.post(url).status_code == 404
    assert not Membership.objects.filter(organisation=organisation).exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
