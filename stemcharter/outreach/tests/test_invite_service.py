"""Invitations to sign (issue 14, lane invite): ``signing_invitation_create`` and its guards,
the email (the message quoted as the named inviter's words, links defanged, the personal
link and the one-click do-not-contact link), revoking."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.organisations.do_not_contact import do_not_contact_email
from stemcharter.organisations.models import DoNotContact, Invitation, Membership
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.outreach.services import signing_invitation_create, signing_invitation_revoke

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def member():
    organisation = make_signatory(name="Fablab Noord")
    return MembershipFactory(
        organisation=organisation, role=Membership.Role.EDITOR, user__name="Ann Peeters"
    ).user


def invite(member, email="info@prospect.be", **fields):
    organisation = member.memberships.get().organisation
    values = {"invitee_organisation_name": "Prospect vzw", **fields}
    return signing_invitation_create(organisation=organisation, by=member, email=email, **values)


def code_of(callable_):
    with pytest.raises(ValidationError) as raised:
        callable_()
    return raised.value.code, raised.value


def test_an_editor_of_an_approved_signatory_invites(member):
    invitation = invite(
        member,
        email=" Info@Prospect.BE ",
        invitee_name="Jan",
        invitee_town="Gent",
        invitee_category="company",
        invitee_website="https://prospect.be",
        message="Doe mee!",
    )
    assert invitation.kind == Invitation.Kind.SIGNING
    assert invitation.email == "info@prospect.be"
    assert invitation.invited_by == member
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.tracking_status == "sent"
    assert len(invitation.token) >= 40
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    entry = AuditEntry.objects.get(code="organisations.invitation.signing_created")
    assert entry.actor == member
    assert entry.data == {"email": "info@prospect.be", "invitee_organisation": "Prospect vzw"}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["info@prospect.be"]


def test_the_email_quotes_the_inviter_with_links_defanged(member):
    invite(
        member,
        invitee_name="Jan <b>",
        message="Kijk op https://evil.example/login en mail jan@evil.example\nTot dan",
    )
    email = mail.outbox[0]
    assert "Fablab Noord" in email.subject
    body = email.body
    # The email is in Dutch (no account with that address): the quoted words' introduction.
    with translation.override("nl"):
        writes = gettext("%(inviter)s of %(organisation)s writes (their own words, not ours):") % {
            "inviter": "Ann Peeters",
            "organisation": "Fablab Noord",
        }
    assert writes in body
    assert "> Kijk op https[:]//evil[.]example/login en mail jan[@]evil[.]example" in body
    assert "> Tot dan" in body
    assert "https://evil.example" not in body
    assert "jan@evil.example" not in body
    invitation = Invitation.objects.get()
    assert f"/ondertekenen/uitnodiging/{invitation.token}/" in body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "<blockquote" in html
    assert writes in html
    assert "https[:]//evil[.]example/login" in html
    assert 'href="https://evil' not in html
    assert "Jan &lt;b&gt;" in html  # escaped
    # The one-click link names the invited address.
    link = next(line for line in body.splitlines() if "/uitnodigingen/geen/" in line)
    token = link.rsplit("/uitnodigingen/geen/", 1)[1].strip("/")
    assert do_not_contact_email(token) == "info@prospect.be"


def test_the_email_is_in_dutch_by_default_and_in_the_language_of_an_account(member):
    invite(member)  # the test runs in English (the fixture)
    assert "/en/" not in mail.outbox[0].body
    UserFactory(email="someone@example.org", language="en")
    invite(member, email="someone@example.org")
    assert "/en/uitnodigingen/geen/" in mail.outbox[1].body


def test_an_organisation_not_approved_cannot_invite():
    organisation = OrganisationFactory()
    SignatureFactory(organisation=organisation)  # submitted, not decided
    user = MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user
    code, _error = code_of(lambda: invite(user))
    assert code == "not_signatory"
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_a_non_member_cannot_invite_for_a_signatory(member):
    organisation = member.memberships.get().organisation
    stranger = MembershipFactory(organisation=make_signatory()).user
    code, _error = code_of(
        lambda: signing_invitation_create(
            organisation=organisation,
            by=stranger,
            email="a@example.org",
            invitee_organisation_name="X",
        )
    )
    assert code == "not_member"


@pytest.mark.parametrize("email", ["not-an-address", "a@b", "two@@example.org", ""])
def test_a_malformed_email_is_refused(member, email):
    code, _error = code_of(lambda: invite(member, email=email))
    assert code == "invalid"
    assert Invitation.objects.count() == 0


def test_an_address_on_the_do_not_contact_list_is_refused(member):
    DoNotContact.objects.create(email="info@prospect.be", source=DoNotContact.Source.HOLDER)
    code, error = code_of(lambda: invite(member, email="INFO@prospect.be"))
    assert code == "do_not_contact"
    assert "asked not to receive invitations" in error.messages[0]
    assert mail.outbox == []


def test_the_daily_cap_counts_both_kinds(member, settings):
    settings.INVITATIONS_PER_ORGANISATION_PER_DAY = 3
    organisation = member.memberships.get().organisation
    Invitation.objects.create(
        organisation=organisation,
        email="colleague@example.org",
        token="t-colleague",
        expires_at=timezone.now() + timedelta(days=1),
    )
    invite(member, email="one@example.org")
    invite(member, email="two@example.org")
    code, error = code_of(lambda: invite(member, email="three@example.org"))
    assert code == "daily_cap"
    assert "3 invitations in the last 24 hours" in error.messages[0]
    # A day later the cap is free again.
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert invite(member, email="three@example.org").pk


def test_the_pause_per_address_holds_for_any_inviter_and_after_revoking(member, settings):
    settings.INVITATION_REPEAT_DAYS = 30
    first = invite(member)
    signing_invitation_revoke(invitation=first, by=member)
    code, error = code_of(lambda: invite(member))
    assert code == "repeat"
    assert "was invited on" in error.messages[0]
    other = MembershipFactory(organisation=make_signatory()).user
    assert code_of(lambda: invite(other))[0] == "repeat"
    # After the pause the address may be invited again (the old one revoked).
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=31))
    assert invite(other).pk


def test_an_expired_invitation_is_replaced_when_the_address_is_invited_again(member):
    invitation = invite(member)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=31),
        expires_at=timezone.now() - timedelta(days=17),
    )
    invitation.refresh_from_db()
    # Nothing to revoke: it can no longer be used.
    code, error = code_of(lambda: signing_invitation_revoke(invitation=invitation, by=member))
    assert code == "expired"
    assert "there is nothing to revoke" in error.messages[0]
    # Invited again (after the pause): the expired one is closed as expired, not revoked.
    again = invite(member)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.EXPIRED
    assert invitation.tracking_status == "expired"
    assert again.status == Invitation.Status.PENDING
    entries = AuditEntry.objects.filter(code="organisations.invitation.signing_created")
    entry = entries.order_by("-pk").first()
    assert entry.data["expired_closed"] == 1


def test_an_open_invitation_still_blocks_a_second_one(member, settings):
    settings.INVITATION_REPEAT_DAYS = 0
    invite(member)
    code, error = code_of(lambda: invite(member))
    assert code == "already_invited"
    assert "Revoke it first" in error.messages[0]


def test_a_member_of_a_signatory_is_not_invited(member):
    MembershipFactory(organisation=make_signatory(), user__email="boss@signed.be")
    code, error = code_of(lambda: invite(member, email="Boss@Signed.be"))
    assert code == "already_signatory"
    assert "no invitation needed" in error.messages[0]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"invitee_organisation_name": "  "}, "invitee_organisation_name"),
        ({"invitee_organisation_name": "x" * 201}, "invitee_organisation_name"),
        ({"invitee_name": "x" * 151}, "invitee_name"),
        ({"invitee_town": "x" * 101}, "invitee_town"),
        ({"invitee_category": "bakery"}, "invitee_category"),
        ({"invitee_website": "javascript:alert(1)"}, "invitee_website"),
        ({"message": "x" * 1001}, "message"),
    ],
)
def test_bad_fields_are_refused_by_the_service_too(member, fields, field):
    with pytest.raises(ValidationError) as raised:
        invite(member, **fields)
    assert field in raised.value.message_dict
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_revoking_needs_a_member_and_a_pending_invitation(member):
    invitation = invite(member)
    stranger = MembershipFactory(organisation=make_signatory()).user
    assert code_of(lambda: signing_invitation_revoke(invitation=invitation, by=stranger))[0] == (
        "not_member"
    )
    signing_invitation_revoke(invitation=invitation, by=member)
    invitation.refresh_from_db()
    assert invitation.tracking_status == "revoked"
    assert code_of(lambda: signing_invitation_revoke(invitation=invitation, by=member))[0] == (
        "not_pending"
    )


def test_a_colleague_invitation_is_not_revoked_as_an_invitation_to_sign(member):
    organisation = member.memberships.get().organisation
    colleague = Invitation.objects.create(
        organisation=organisation,
        email="c@example.org",
        token="t-c",
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert code_of(lambda: signing_invitation_revoke(invitation=colleague, by=member))[0] == (
        "not_signing"
    )
