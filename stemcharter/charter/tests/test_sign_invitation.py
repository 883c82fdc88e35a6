"""Signing through an invitation to sign (issue 14): the personal link's page, the signing
pre-filled, the signature recording who brought it in, the invitation used once; and the share
link's code (``?bron=``) kept for the signature."""

import re
import secrets
import uuid
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.models import User
from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.charter import referrals
from stemcharter.charter.models import Signature
from stemcharter.charter.services import (
    CommitmentData,
    SignerData,
    signature_submit,
    signatures_prune_unconfirmed,
)
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, CharterVersionFactory
from stemcharter.charter.tests.test_signing import (
    CHECK_URL,
    DONE_URL,
    SIGN_URL,
    SIGNER_URL,
    draft,
    for_existing,
    sign,
    sign_data,
    submission_key,
    walk,
)
from stemcharter.common.tests.roles import make_user
from stemcharter.organisations.models import Category, Invitation, Membership
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.vocabulary.models import ActionType

pytestmark = pytest.mark.django_db

MESSAGE = (
    "Dear Ann,\nWe signed last year. Read more on https://evil.example/login or mail me@x.org."
)


@pytest.fixture
def inviter(charter):
    """The admin of an approved signatory (with details that are not public)."""
    return make_inviter(charter)


def make_inviter(charter) -> User:
    """The admin of an approved signatory (with details that are not public)."""
    organisation = OrganisationFactory(
        name="Bright Bridges",
        enterprise_number="0403170701",
        website="https://bright-bridges.example",
    )
    ApprovedSignatureFactory(organisation=organisation, charter_version=charter)
    return MembershipFactory(
        organisation=organisation,
        role=Membership.Role.ADMIN,
        user__name="Inge Inviter",
        user__email="inge@bright.example",
    ).user


def invitation_to_sign(inviter, **overrides) -> Invitation:
    """An invitation to sign as lane invite's service makes it (a row, made here directly)."""
    values = {
        "kind": Invitation.Kind.SIGNING,
        "organisation": inviter.memberships.get().organisation,
        "email": "ann.peeters@example.org",
        "invitee_name": "Ann Peeters",
        "invitee_organisation_name": "Fictief Bouwbedrijf nv",
        "invitee_town": "Gent",
        "invitee_category": Category.COMPANY,
        "invitee_website": "https://fictief-bouw.example",
        "message": MESSAGE,
        "token": secrets.token_urlsafe(32),
        "invited_by": inviter,
        "expires_at": timezone.now() + timedelta(days=14),
    }
    values.update(overrides)
    return Invitation.objects.create(**values)


def invitation_url(invitation_or_token) -> str:
    token = getattr(invitation_or_token, "token", invitation_or_token)
    return f"/en/ondertekenen/uitnodiging/{token}/"


def test_the_url_name():
    assert reverse("charter:sign-invitation", args=["abc"]) == "/ondertekenen/uitnodiging/abc/"


# The invitation's page


def test_the_page_says_who_invites_and_quotes_their_message_defanged(client, inviter):
    invitation = invitation_to_sign(inviter)
    response = client.get(invitation_url(invitation))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    page = response.content.decode()
    assert "Inge Inviter of Bright Bridges invites you to sign the STEM-charter" in page
    assert "Inge Inviter of Bright Bridges writes:" in page
    assert "Dear Ann,<br>We signed last year." in page
    # Their words, not ours: quoted, and no address in them is a link.
    assert "<blockquote" in page
    assert "https[:]//evil[.]example/login" in page
    assert "me[@]x[.]org" in page
    assert "evil.example" not in page
    assert "These are the words of the person who invited you" in page
    assert 'method="post"' in page
    assert "Start signing" in page


def test_the_page_escapes_the_message(client, inviter):
    invitation = invitation_to_sign(inviter, message='<script>alert("x")</script><b>hi</b>')
    page = client.get(invitation_url(invitation)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;b&gt;hi&lt;/b&gt;" in page


def test_the_page_shows_nothing_of_the_inviting_organisation_but_its_public_name(client, inviter):
    invitation = invitation_to_sign(inviter)
    organisation = invitation.organisation
    page = client.get(invitation_url(invitation)).content.decode()
    assert organisation.name in page
    for private in (
        inviter.email,
        organisation.enterprise_number,
        "bright-bridges.example",
        invitation.email,  # the invited address is not shown either (the link may be shared)
        organisation.slug,
    ):
        assert private not in page


def test_the_first_visit_marks_the_invitation_opened_once(client, inviter):
    invitation = invitation_to_sign(inviter)
    assert invitation.tracking_status == "sent"
    client.get(invitation_url(invitation))
    invitation.refresh_from_db()
    opened_at = invitation.opened_at
    assert opened_at is not None
    assert invitation.tracking_status == "opened"
    client.get(invitation_url(invitation))
    invitation.refresh_from_db()
    assert invitation.opened_at == opened_at


def test_the_page_in_dutch(client, inviter):
    invitation = invitation_to_sign(inviter)
    response = client.get(f"/ondertekenen/uitnodiging/{invitation.token}/")
    assert response.status_code == 200
    assert 'lang="nl"' in response.content.decode()


@pytest.mark.parametrize(
    ("change", "status", "text"),
    [
        ({"token": "unknown"}, 404, "does not exist or was withdrawn"),
        ({"status": Invitation.Status.REVOKED}, 404, "does not exist or was withdrawn"),
        ({"kind": Invitation.Kind.COLLEAGUE}, 404, "does not exist or was withdrawn"),
        ({"expires_at": "past"}, 410, "This invitation has expired."),
        ({"status": Invitation.Status.ACCEPTED}, 410, "already been used"),
    ],
)
def test_an_invitation_that_cannot_be_used_says_so_and_links_to_the_signing_form(
    client, inviter, change, status, text
):
    change = dict(change)
    if change.get("expires_at") == "past":
        change["expires_at"] = timezone.now() - timedelta(minutes=1)
    token = change.pop("token", None)
    invitation = invitation_to_sign(inviter, **change)
    for method in (client.get, client.post):
        response = method(invitation_url(token or invitation))
        assert response.status_code == status
        page = response.content.decode()
        assert text in page
        assert f'href="{SIGN_URL}"' in page
        assert "Bright Bridges" not in page
        assert "Inge" not in page
    invitation.refresh_from_db()
    assert invitation.opened_at is None
    assert draft(client) is None or "invitation_id" not in draft(client)


def test_a_guessed_or_odd_token_is_not_found(client, inviter):
    invitation_to_sign(inviter)
    for token in ("x", "a" * 43, "%00", "..%2F..", "' OR 1=1 --"):
        assert client.get(invitation_url(token)).status_code == 404


def test_the_colleague_invitation_page_does_not_accept_an_invitation_to_sign(client, inviter):
    """Its token must not make the invited person a member of the inviting organisation."""
    invitation = invitation_to_sign(inviter)
    invitee = UserFactory(email=invitation.email)
    client.force_login(invitee)
    url = reverse("portal:invitation-accept", args=[invitation.token])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Membership.objects.filter(user=invitee).exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


# Starting the signing


def test_the_button_starts_the_signing_pre_filled(client, inviter):
    invitation = invitation_to_sign(inviter)
    response = client.post(invitation_url(invitation))
    assert response.status_code == 302
    assert response["Location"] == SIGN_URL
    assert draft(client)["invitation_id"] == invitation.pk

    page = client.get(SIGN_URL).content.decode()
    assert "You sign at the invitation of Bright Bridges." in page
    assert 'value="Fictief Bouwbedrijf nv"' in page
    assert 'value="Gent"' in page
    assert 'value="https://fictief-bouw.example"' in page
    assert re.search(
        rf'<input type="radio" name="category" value="{Category.COMPANY}"[^>]* checked', page
    )
    # Pre-filled is not done: the step must still be sent.
    assert client.get(SIGNER_URL)["Location"] == SIGN_URL

    walk(client, steps=("organisation",))
    page = client.get(SIGNER_URL).content.decode()
    assert 'value="Ann Peeters"' in page
    assert 'value="ann.peeters@example.org"' in page


def test_what_the_signer_typed_wins_over_the_invitation(client, inviter):
    invitation = invitation_to_sign(inviter)
    client.post(invitation_url(invitation))
    walk(client, sign_data(name="The Real Name bv"), steps=("organisation",))
    page = client.get(SIGN_URL).content.decode()
    assert 'value="The Real Name bv"' in page
    assert 'value="Fictief Bouwbedrijf nv"' not in page


def test_signing_through_the_invitation_records_who_brought_it_in(client, inviter):
    invitation = invitation_to_sign(inviter)
    client.post(invitation_url(invitation))
    response = sign(client, sign_data(name="Invited Builders nv"))
    assert response.status_code == 302
    assert response["Location"] == DONE_URL

    signature = Signature.objects.get(organisation__name="Invited Builders nv")
    assert signature.invitation == invitation
    assert signature.referred_by == invitation.organisation
    assert signature.referral_channel == "invitation"
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.accepted_at is not None
    assert invitation.accepted_by == User.objects.get(email="ann.peeters@example.org")
    assert invitation.tracking_status == "signed"
    entry = AuditEntry.objects.get(code="charter.signature.created", target_id=str(signature.pk))
    assert entry.data["referred_by"] == "Bright Bridges"
    assert "invitation_id" not in (draft(client) or {})


def test_an_invitation_is_used_once(client, inviter):
    """A second signing with the same invitation (another browser that opened the link): a
    clear message on the check page, the invitation dropped, signing possible without it."""
    invitation = invitation_to_sign(inviter)
    other = type(client)()
    client.post(invitation_url(invitation))
    other.post(invitation_url(invitation))
    assert sign(client).status_code == 302

    walk(other, sign_data(name="Second Comer bv", email="bob@example.org"))
    key = submission_key(other)
    response = other.post(CHECK_URL, {"submission_key": key})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The invitation you came with can no longer be used" in page
    assert Signature.objects.filter(invitation=invitation).count() == 1
    assert not Signature.objects.filter(organisation__name="Second Comer bv").exists()
    assert "invitation_id" not in draft(other)
    assert "You sign at the invitation of" not in page

    response = other.post(CHECK_URL, {"submission_key": key})
    assert response["Location"] == DONE_URL
    second = Signature.objects.get(organisation__name="Second Comer bv")
    assert second.invitation is None
    assert second.referred_by is None
    assert second.referral_channel == ""


@pytest.mark.parametrize("how", ["expired", "revoked"])
def test_an_invitation_that_expires_or_is_revoked_during_the_signing(client, inviter, how):
    invitation = invitation_to_sign(inviter)
    client.post(invitation_url(invitation))
    walk(client)
    if how == "expired":
        invitation.expires_at = timezone.now() - timedelta(seconds=1)
    else:
        invitation.status = Invitation.Status.REVOKED
    invitation.save()
    response = client.post(CHECK_URL, {"submission_key": submission_key(client)})
    assert response.status_code == 200
    assert "The invitation you came with can no longer be used" in response.content.decode()
    assert not Signature.objects.exclude(organisation=invitation.organisation).exists()
    response = client.post(CHECK_URL, {"submission_key": submission_key(client)})
    assert response.status_code == 302
    signature = Signature.objects.get(organisation__name="Fictief Bouwbedrijf nv")
    assert signature.invitation is None
    assert signature.referred_by is None
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_logged_in_signer_signs_through_the_invitation(client, inviter):
    """An existing account, admin of the organisation that was invited: the signer step shows
    the account's own name and address, not the invitation's."""
    invitation = invitation_to_sign(inviter)
    membership = MembershipFactory(
        role=Membership.Role.ADMIN, user__name="Piet Janssens", user__email="piet@example.org"
    )
    client.force_login(membership.user)
    client.post(invitation_url(invitation))
    walk(client, for_existing(membership.organisation), steps=("organisation",))
    page = client.get(SIGNER_URL).content.decode()
    assert 'value="Piet Janssens"' in page
    assert 'value="piet@example.org"' in page
    assert "ann.peeters@example.org" not in page

    response = sign(client, for_existing(membership.organisation, signer_name="Piet Janssens"))
    assert response.status_code == 302
    signature = Signature.objects.get(organisation=membership.organisation)
    assert signature.invitation == invitation
    assert signature.referred_by == invitation.organisation
    invitation.refresh_from_db()
    assert invitation.accepted_by == membership.user


def test_logging_in_on_the_way_keeps_the_invitation(client, inviter):
    """The anonymous visitor follows the link, then logs in (the draft starts over for the
    account, as ever): the invitation stays, what was typed does not."""
    invitation = invitation_to_sign(inviter)
    client.post(invitation_url(invitation))
    walk(client, sign_data(name="Typed Before Login"), steps=("organisation",))
    user = UserFactory(email="ann.peeters@example.org", name="Ann Peeters")
    client.force_login(user)
    assert client.get(SIGNER_URL)["Location"] == SIGN_URL
    page = client.get(SIGN_URL).content.decode()
    assert "You sign at the invitation of Bright Bridges." in page
    assert "Typed Before Login" not in page
    assert 'value="Fictief Bouwbedrijf nv"' in page  # the invitation's, again
    assert sign(client, sign_data(name="Logged In Builders nv")).status_code == 302
    signature = Signature.objects.get(organisation__name="Logged In Builders nv")
    assert signature.invitation == invitation
    assert signature.signer == user


def test_someone_else_logging_in_does_not_inherit_a_members_invitation(client, inviter):
    invitation = invitation_to_sign(inviter)
    client.force_login(UserFactory())
    client.post(invitation_url(invitation))
    client.force_login(UserFactory())
    page = client.get(SIGN_URL).content.decode()
    assert "You sign at the invitation of" not in page
    walk(client, steps=("organisation",))
    assert "invitation_id" not in draft(client)


def test_the_inviting_organisation_is_not_credited_for_signing_itself(charter, inviter):
    """Its admin signing its own organisation again (a new charter version) through its own
    invitation: nobody brought it in, and the invitation stays unused."""
    invitation = invitation_to_sign(inviter)
    CharterVersionFactory(number=2)
    EmailAddress.objects.update_or_create(
        user=inviter, email=inviter.email, defaults={"verified": True, "primary": True}
    )
    signature, created = signature_submit(
        submission_key=uuid.uuid4(),
        signer=inviter,
        signer_data=SignerData(name="Inge", function="Director", email=inviter.email),
        commitments=[
            CommitmentData(action_types=[ActionType.objects.first()], description="More.")
        ],
        organisation=invitation.organisation,
        invitation_id=invitation.pk,
    )
    assert created
    assert signature.invitation is None
    assert signature.referred_by is None
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


# ?bron=: a share link's code


def test_a_share_link_code_is_kept_for_the_signature(client, charter):
    response = client.get(f"{SIGN_URL}?bron=Ab_9-xYz")
    assert response.status_code == 200
    assert draft(client)["referral_code"] == "Ab_9-xYz"
    assert sign(client).status_code == 302
    signature = Signature.objects.get()
    assert signature.referral_code == "Ab_9-xYz"
    assert signature.referred_by is None  # outreach resolves the code (signature_signed)


@pytest.mark.parametrize(
    "code", ["", "has space", "a" * 17, "dot.ted", "abc\n", "<script>", "é", "abc%00"]
)
def test_a_bad_share_link_code_is_ignored(client, charter, code):
    response = client.get(SIGN_URL, {"bron": code})
    assert response.status_code == 200
    assert "referral_code" not in (draft(client) or {})
    # A bad one does not replace a good one.
    client.get(SIGN_URL, {"bron": "good"})
    client.get(SIGN_URL, {"bron": code})
    assert draft(client)["referral_code"] == "good"
    assert sign(client).status_code == 302
    assert Signature.objects.get().referral_code == "good"


def test_a_repeated_bron_parameter_does_not_break_the_page(client, charter):
    response = client.get(f"{SIGN_URL}?bron=one&bron=two")
    assert response.status_code == 200
    assert draft(client)["referral_code"] == "two"


def test_an_invitation_wins_over_a_share_link_code(client, inviter):
    invitation = invitation_to_sign(inviter)
    other = OrganisationFactory(name="Share Link Owner")
    client.get(f"{SIGN_URL}?bron=shared1")
    client.post(invitation_url(invitation))
    assert sign(client).status_code == 302
    signature = Signature.objects.get(organisation__name="Fictief Bouwbedrijf nv")
    assert signature.referred_by == invitation.organisation != other
    assert signature.referral_channel == "invitation"
    assert signature.referral_code == "shared1"


# The back office


@pytest.mark.usefixtures("english")
def test_the_back_office_signature_page_shows_who_brought_it_in(client, inviter):
    invitation = invitation_to_sign(inviter)
    client.get(f"{SIGN_URL}?bron=shared1")
    client.post(invitation_url(invitation))
    sign(client)
    signature = Signature.objects.get(invitation=invitation)
    client.force_login(make_user("coordinator"))
    url = reverse("backoffice:signature-detail", args=[signature.pk])
    page = client.get(url).content.decode()
    assert "<h2>Brought in by</h2>" in page
    organisation_url = reverse(
        "backoffice:organisation-detail", args=[invitation.organisation.slug]
    )
    assert f'<a href="{organisation_url}">Bright Bridges</a> (invitation)' in page
    assert f"Sent to {invitation.email} on" in page
    assert "<code>shared1</code>" in page


@pytest.mark.usefixtures("english")
def test_the_back_office_names_a_share_link_channel(client, charter, monkeypatch):
    monkeypatch.setattr(referrals, "_labels", {**referrals._labels})
    referrals.register_channel_labels({"linkedin": "LinkedIn"})
    referrer = OrganisationFactory(name="Referrer vzw")
    signature = ApprovedSignatureFactory(
        charter_version=charter, referred_by=referrer, referral_channel="linkedin"
    )
    unknown = ApprovedSignatureFactory(charter_version=charter, referral_channel="")
    client.force_login(make_user("coordinator"))
    page = client.get(reverse("backoffice:signature-detail", args=[signature.pk])).content
    assert "Referrer vzw</a> (LinkedIn)" in page.decode()
    page = client.get(reverse("backoffice:signature-detail", args=[unknown.pk])).content
    assert "Nobody we know of" in page.decode()


# An unconfirmed signing that goes


def test_a_pruned_unconfirmed_signing_frees_its_invitation(client, inviter):
    """Signed through the invitation, never confirmed, pruned a week later: the invitation
    can be used again (it was used for a signature that no longer exists)."""
    invitation = invitation_to_sign(inviter)
    client.post(invitation_url(invitation))
    assert sign(client).status_code == 302
    signature = Signature.objects.get(invitation=invitation)
    assert signature.status == Signature.Status.AWAITING_EMAIL
    Signature.objects.filter(pk=signature.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert signatures_prune_unconfirmed(older_than_days=7) == 1
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.accepted_at is None
    assert invitation.accepted_by is None
    other = type(client)()
    assert other.get(invitation_url(invitation)).status_code == 200
    other.post(invitation_url(invitation))
    assert sign(other).status_code == 302
    assert Signature.objects.get(invitation=invitation).referred_by == invitation.organisation
