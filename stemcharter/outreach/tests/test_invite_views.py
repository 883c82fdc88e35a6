"""The portal's invitations to sign (list, form, revoke) and the back office's do-not-contact
list (issue 14, lane invite): every bad input shows a message beside its field with what was
typed kept, and nothing is sent."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.common.tests.roles import make_user
from stemcharter.organisations.models import DoNotContact, Invitation, Membership
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FORM = {
    "email": "info@prospect.be",
    "invitee_name": "Jan",
    "invitee_organisation_name": "Prospect vzw",
    "invitee_town": "Gent",
    "invitee_category": "company",
    "invitee_website": "prospect.be",
    "message": "Doe mee! Zie www.evil.example/x",
}


@pytest.fixture
def editor():
    organisation = make_signatory(name="Fablab Noord")
    return MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR).user


def org(user):
    return user.memberships.get().organisation


def url(name, user, **kwargs):
    return reverse(f"portal:outreach-invitation-{name}", args=[org(user).slug, *kwargs.values()])


def post_form(client, user, **changes):
    return client.post(url("create", user), {**FORM, **changes})


def test_an_editor_invites_and_sees_the_invitation_in_the_list(client, editor):
    client.force_login(editor)
    assert client.get(url("create", editor)).status_code == 200
    response = post_form(client, editor)
    assert response.status_code == 302
    assert response["Location"] == url("list", editor)
    invitation = Invitation.objects.get()
    assert invitation.invitee_website == "https://prospect.be"
    assert len(mail.outbox) == 1
    page = client.get(url("list", editor)).content.decode()
    assert "Prospect vzw" in page
    assert "info@prospect.be" in page
    assert "Sent" in page
    # The message is shown quoted and defanged: no link made of its address.
    assert "www[.]evil[.]example/x" in page
    assert "www.evil.example" not in page
    assert url("revoke", editor, pk=invitation.pk) in page


def test_the_list_shows_the_tracking_status(client, editor):
    organisation = org(editor)
    now = timezone.now()
    for email, values in {
        "opened@example.org": {"opened_at": now},
        "signed@example.org": {"status": "accepted", "accepted_at": now},
        "revoked@example.org": {"status": "revoked"},
        "expired@example.org": {"expires_at": now - timedelta(days=1)},
    }.items():
        Invitation.objects.create(
            kind=Invitation.Kind.SIGNING,
            organisation=organisation,
            email=email,
            invitee_organisation_name=email.split("@")[0],
            token=email,
            expires_at=values.pop("expires_at", now + timedelta(days=3)),
            **values,
        )
    # Sent long enough ago for the anti-abuse pause to be over: it can be invited again.
    Invitation.objects.filter(email="expired@example.org").update(
        created_at=now - timedelta(days=40)
    )
    # A colleague invitation is not an invitation to sign: not listed.
    Invitation.objects.create(
        organisation=organisation, email="colleague@example.org", token="c", expires_at=now
    )
    client.force_login(editor)
    response = client.get(url("list", editor))
    statuses = [i.tracking_status for i in response.context["invitations"]]
    assert sorted(statuses) == ["expired", "opened", "revoked", "signed"]
    page = response.content.decode()
    for word in ("Opened", "Signed", "Revoked", "Expired"):
        assert word in page
    assert "colleague@example.org" not in page
    # A revoke button for the one that can still be used (opened) only; an expired one
    # offers to invite again instead: there is nothing left to revoke.
    assert page.count("/intrekken/") == 1
    assert page.count("Invite again") == 1
    expired = Invitation.objects.get(email="expired@example.org")
    response = client.post(url("revoke", editor, pk=expired.pk), follow=True)
    assert (
        "The invitation to expired@example.org has expired: it can no longer be used, so "
        "there is nothing to revoke."
    ) in response.content.decode()
    assert "has been revoked" not in response.content.decode()
    expired.refresh_from_db()
    assert expired.status == Invitation.Status.PENDING


def test_a_member_of_an_unapproved_organisation_is_told_why(client):
    organisation = OrganisationFactory()
    SignatureFactory(organisation=organisation)
    user = MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user
    client.force_login(user)
    for response in (
        client.get(url("list", user)),
        client.get(url("create", user)),
        post_form(client, user),
    ):
        assert response.status_code == 403
        assert "Only signatories of the charter can invite others" in response.content.decode()
    assert Invitation.objects.count() == 0
    assert mail.outbox == []
    # Colleague invitations are still allowed.
    response = client.post(
        reverse("portal:invitation-create", args=[organisation.slug]),
        {"email": "colleague@example.org", "role": "editor"},
    )
    assert response.status_code == 302
    assert Invitation.objects.get().kind == Invitation.Kind.COLLEAGUE


def test_another_organisation_gets_a_404(client, editor):
    other = MembershipFactory(organisation=make_signatory()).user
    client.force_login(other)
    assert client.get(url("list", editor)).status_code == 404
    assert post_form(client, editor).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid email address"),
        ({"email": ""}, "email", "Enter an email address"),
        ({"invitee_organisation_name": ""}, "invitee_organisation_name", "Enter the name"),
        ({"invitee_category": "bakery"}, "invitee_category", "Choose a kind"),
        ({"invitee_website": "http://"}, "invitee_website", "Enter a web address"),
        ({"message": "x" * 1001}, "message", "at most 1000 characters"),
        ({"invitee_town": "x" * 101}, "invitee_town", "at most 100 characters"),
    ],
)
def test_bad_input_is_shown_beside_its_field_and_kept(client, editor, changes, field, message):
    client.force_login(editor)
    response = post_form(client, editor, **changes)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Prospect vzw" in page or field == "invitee_organisation_name"
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_refusals_of_the_guard_are_shown_beside_the_email_with_the_form_kept(
    client, editor, settings
):
    client.force_login(editor)
    DoNotContact.objects.create(email="no@example.org", source=DoNotContact.Source.HOLDER)
    response = post_form(client, editor, email="No@Example.org")
    assert response.status_code == 200
    assert "asked not to receive invitations" in response.context["form"].errors["email"][0]
    page = response.content.decode()
    assert 'value="No@Example.org"' in page
    assert "Doe mee! Zie www.evil.example/x</textarea>" in page  # kept as typed, in the form
    # The pause: a second invitation to the same address.
    assert post_form(client, editor).status_code == 302
    response = post_form(client, editor)
    assert "was invited on" in response.context["form"].errors["email"][0]
    # The cap.
    settings.INVITATIONS_PER_ORGANISATION_PER_DAY = 1
    response = post_form(client, editor, email="other@example.org")
    assert "in the last 24 hours" in response.context["form"].errors["email"][0]
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_revoking(client, editor):
    client.force_login(editor)
    post_form(client, editor)
    invitation = Invitation.objects.get()
    response = client.post(url("revoke", editor, pk=invitation.pk))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    assert client.get(url("revoke", editor, pk=invitation.pk)).status_code == 405
    # Again: a message, nothing changes.
    response = client.post(url("revoke", editor, pk=invitation.pk), follow=True)
    assert "Only a pending invitation can be revoked." in response.content.decode()


def test_a_colleague_invitation_cannot_be_revoked_here_nor_a_signing_one_on_the_member_list(
    client, editor
):
    organisation = org(editor)
    admin = MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user
    colleague = Invitation.objects.create(
        organisation=organisation, email="c@example.org", token="c", expires_at=timezone.now()
    )
    signing = Invitation.objects.create(
        kind=Invitation.Kind.SIGNING,
        organisation=organisation,
        email="s@example.org",
        invitee_organisation_name="S",
        token="s",
        expires_at=timezone.now() + timedelta(days=1),
    )
    client.force_login(admin)
    assert client.post(url("revoke", editor, pk=colleague.pk)).status_code == 404
    revoke = reverse("portal:invitation-revoke", args=[organisation.slug, signing.pk])
    assert client.post(revoke).status_code == 404
    members = client.get(reverse("portal:member-list", args=[organisation.slug]))
    assert [i.email for i in members.context["invitations"]] == ["c@example.org"]


def test_the_portal_home_links_to_the_invitations_of_a_signatory(client, editor):
    client.force_login(editor)
    page = client.get(reverse("portal:home")).content.decode()
    assert url("list", editor) in page


# The back office's do-not-contact list.


@pytest.fixture
def coordinator():
    return make_user("coordinator")


def test_a_coordinator_adds_and_removes_an_address(client, coordinator):
    client.force_login(coordinator)
    list_url = reverse("backoffice:do-not-contact-list")
    response = client.post(list_url, {"email": " Someone@Example.org "})
    assert response.status_code == 302
    entry = DoNotContact.objects.get()
    assert entry.email == "someone@example.org"
    assert entry.source == DoNotContact.Source.COORDINATOR
    page = client.get(list_url).content.decode()
    assert "someone@example.org" in page
    # Twice: said so, still one.
    response = client.post(list_url, {"email": "someone@example.org"}, follow=True)
    assert "already on the list" in response.content.decode()
    assert DoNotContact.objects.count() == 1
    delete = reverse("backoffice:do-not-contact-delete", args=[entry.pk])
    assert client.post(delete).status_code == 302
    assert DoNotContact.objects.count() == 0
    assert client.post(delete).status_code == 404


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "Enter an email address"), ("nope", "Enter a valid email address")],
)
def test_a_bad_address_in_the_back_office_is_shown_beside_the_field(
    client, coordinator, email, message
):
    client.force_login(coordinator)
    response = client.post(reverse("backoffice:do-not-contact-list"), {"email": email})
    assert response.status_code == 200
    assert message in response.context["form"].errors["email"][0]
    assert f'value="{email}"' in response.content.decode() or not email
    assert DoNotContact.objects.count() == 0


def test_a_contact_point_cannot_see_the_list(client):
    client.force_login(make_user("contact_point"))
    assert client.get(reverse("backoffice:do-not-contact-list")).status_code == 403


def _expired(organisation, email, *, sent_days_ago, **values):
    """An invitation to sign of ``organisation`` sent ``sent_days_ago`` days ago, expired."""
    now = timezone.now()
    invitation = Invitation.objects.create(
        kind=Invitation.Kind.SIGNING,
        organisation=organisation,
        email=email,
        invitee_organisation_name=values.pop("invitee_organisation_name", "Oud vzw"),
        token=email,
        expires_at=now - timedelta(days=sent_days_ago - 14),
        **values,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=now - timedelta(days=sent_days_ago)
    )
    invitation.refresh_from_db()
    return invitation


def test_invite_again_is_offered_only_when_the_pause_is_over(client, editor, settings):
    """Valid 14 days, paused 30: from day 15 to 30 an expired invitation cannot be repeated,
    so the list says from which day it can instead of offering a button that fails."""
    settings.INVITATION_REPEAT_DAYS = 30
    organisation = org(editor)
    paused = _expired(organisation, "paused@example.org", sent_days_ago=20)
    over = _expired(organisation, "over@example.org", sent_days_ago=31)
    refused = _expired(organisation, "refused@example.org", sent_days_ago=31)
    DoNotContact.objects.create(email="refused@example.org", source="holder")
    client.force_login(editor)
    page = client.get(url("list", editor)).content.decode()
    assert page.count("Invite again") == 1
    assert f"{url('create', editor)}?again={over.pk}" in page
    again = timezone.localdate(paused.created_at) + timedelta(days=30)
    assert f"You can invite this address again from {date_format(again)}." in page
    assert "This address asked not to receive invitations." in page
    assert f"?again={paused.pk}" not in page
    assert f"?again={refused.pk}" not in page
    # What the list promises is what the form does: the paused one is refused...
    response = post_form(client, editor, email="paused@example.org")
    assert response.status_code == 200
    assert f"A new invitation can be sent from {date_format(again)}." in response.content.decode()
    # ...and the offered one goes through.
    assert post_form(client, editor, email="over@example.org").status_code == 302


def test_after_invite_again_the_old_row_says_when_not_that_it_can_be_sent_again(
    client, editor, settings
):
    """ "Invite again" on an expired row sends a new invitation; the old row then says it was
    invited again on that day, not "you can invite this address again from …" (the pause the
    new invitation started) nor another "Invite again"; ``?again=`` on it says the same."""
    settings.INVITATION_REPEAT_DAYS = 30
    old = _expired(org(editor), "over@example.org", sent_days_ago=31)
    client.force_login(editor)
    assert post_form(client, editor, email="over@example.org").status_code == 302
    page = client.get(url("list", editor)).content.decode()
    today = date_format(timezone.localdate())
    assert f"Invited again on {today}." in page
    assert "You can invite this address again from" not in page
    assert f"?again={old.pk}" not in page
    response = client.get(f"{url('create', editor)}?again={old.pk}")
    assert response.context["form"]["email"].value() is None
    expected = f"You invited over@example.org again on {today}: that newer invitation is in"
    assert expected in response.content.decode()


def test_invite_again_fills_in_the_form_with_the_expired_invitation(client, editor):
    old = _expired(
        org(editor),
        "over@example.org",
        sent_days_ago=31,
        invitee_name="Els",
        invitee_organisation_name="Oud vzw",
        invitee_town="Brugge",
        message="Tweede kans!",
    )
    client.force_login(editor)
    form = client.get(f"{url('create', editor)}?again={old.pk}").context["form"]
    assert form["email"].value() == "over@example.org"
    assert form["invitee_name"].value() == "Els"
    assert form["invitee_organisation_name"].value() == "Oud vzw"
    assert form["invitee_town"].value() == "Brugge"
    assert form["message"].value() == "Tweede kans!"


@pytest.mark.parametrize("again", ["other", "colleague", "x", "99999999999999999999999"])
def test_invite_again_only_reads_the_organisations_own_invitations_to_sign(client, editor, again):
    other = _expired(make_signatory(name="Andere"), "secret@example.org", sent_days_ago=31)
    colleague = Invitation.objects.create(
        organisation=org(editor),
        email="colleague@example.org",
        token="c",
        expires_at=timezone.now(),
    )
    value = {"other": other.pk, "colleague": colleague.pk}.get(again, again)
    client.force_login(editor)
    response = client.get(f"{url('create', editor)}?again={value}")
    assert response.status_code == 200
    assert response.context["form"]["email"].value() is None
    assert "secret@example.org" not in response.content.decode()


@pytest.mark.parametrize(
    ("state", "notice"),
    [
        (
            "open",
            "can still be used until {until}, so it cannot be sent again. If it is not "
            "used, you can invite this address again from {date}.",
        ),
        ("paused", "cannot be sent again yet: you can invite this address again from {date}."),
        ("revoked", "cannot be sent again yet: you can invite this address again from {date}."),
        ("signed", "has been used: they signed the charter. There is nothing to send again."),
        ("refused", "asked not to receive invitations: you cannot invite this address again."),
    ],
)
def test_invite_again_does_not_fill_in_an_invitation_that_cannot_be_sent_again(
    client, editor, settings, state, notice
):
    """Only an invitation whose address can be invited now fills in the form; any other
    gives an empty form and says why, and from which day it can."""
    settings.INVITATION_REPEAT_DAYS = 30
    organisation = org(editor)
    sent_days_ago = {"open": 2, "paused": 20, "revoked": 3}.get(state, 31)
    invitation = _expired(organisation, "old@example.org", sent_days_ago=sent_days_ago)
    if state == "revoked":
        Invitation.objects.filter(pk=invitation.pk).update(status=Invitation.Status.REVOKED)
    if state == "signed":
        Invitation.objects.filter(pk=invitation.pk).update(status=Invitation.Status.ACCEPTED)
    if state == "refused":
        DoNotContact.objects.create(email="old@example.org", source="holder")
    client.force_login(editor)
    response = client.get(f"{url('create', editor)}?again={invitation.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["email"].value() is None
    assert form["invitee_organisation_name"].value() is None
    again = timezone.localdate(invitation.created_at) + timedelta(days=30)
    until = timezone.localdate(invitation.expires_at)
    expected = notice.format(date=date_format(again), until=date_format(until))
    assert f"old@example.org {expected}" in response.content.decode()


def test_invite_again_answers_the_same_for_another_organisations_invitation(client, editor):
    other = _expired(make_signatory(name="Andere"), "secret@example.org", sent_days_ago=31)
    client.force_login(editor)
    answers = []
    for value in (other.pk, 99999999, "x"):
        response = client.get(f"{url('create', editor)}?again={value}")
        assert response.status_code == 200
        assert response.context["form"]["email"].value() is None
        answers.append(response.context["again_notice"])
    assert answers[0] == answers[1] == answers[2]
    assert (
        "We cannot find that invitation among the invitations to sign of Fablab Noord."
        in (answers[0])
    )
    assert "secret@example.org" not in response.content.decode()
    # Without ?again= the form says nothing of the kind.
    assert client.get(url("create", editor)).context["again_notice"] == ""


def test_the_pages_say_the_pause_in_words(client, editor, settings):
    """The list names a day ("from ..."); the rule behind it is said once, on the list and on
    the form, with its length."""
    settings.INVITATION_REPEAT_DAYS = 30
    _expired(org(editor), "paused@example.org", sent_days_ago=20)
    client.force_login(editor)
    rule = (
        "An address can be invited to sign again 30 days after its last invitation to sign, by "
        "any organisation, whatever became of that invitation."
    )
    for page in (url("list", editor), url("create", editor)):
        assert client.get(page).content.decode().count(rule) == 1
    settings.INVITATION_REPEAT_DAYS = 0
    assert "can be invited to sign again" not in client.get(url("create", editor)).content.decode()


def test_revoking_an_expired_invitation_in_the_pause_says_from_when(client, editor, settings):
    settings.INVITATION_REPEAT_DAYS = 30
    paused = _expired(org(editor), "paused@example.org", sent_days_ago=20)
    client.force_login(editor)
    page = client.post(url("revoke", editor, pk=paused.pk), follow=True).content.decode()
    again = timezone.localdate(paused.created_at) + timedelta(days=30)
    assert (
        f"nothing to revoke. You can invite this address again from {date_format(again)}."
    ) in page
    assert "You can invite this address again.<" not in page
    DoNotContact.objects.create(email="paused@example.org", source="holder")
    page = client.post(url("revoke", editor, pk=paused.pk), follow=True).content.decode()
    assert "nothing to revoke. This address asked not to receive invitations." in page


def _revoke(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        status=Invitation.Status.REVOKED, expires_at=timezone.now() + timedelta(days=1)
    )
    invitation.refresh_from_db()
    return invitation


def test_a_revoked_invitation_offers_invite_again_once_its_pause_is_over(client, editor, settings):
    """A revoked invitation ends as an expired one does: the list says from when its address
    can be invited again (revoking does not reset the pause), then offers "Invite again",
    which fills in the form; the same refusal notice as for an expired one before that."""
    settings.INVITATION_REPEAT_DAYS = 30
    organisation = org(editor)
    paused = _revoke(_expired(organisation, "paused@example.org", sent_days_ago=3))
    over = _revoke(_expired(organisation, "over@example.org", sent_days_ago=31, invitee_name="Els"))
    client.force_login(editor)
    page = client.get(url("list", editor)).content.decode()
    assert page.count("Revoked") >= 2
    assert page.count("Invite again") == 1
    assert f"{url('create', editor)}?again={over.pk}" in page
    assert f"?again={paused.pk}" not in page
    again = timezone.localdate(paused.created_at) + timedelta(days=30)
    assert f"You can invite this address again from {date_format(again)}." in page
    # Before the pause is over: an empty form and why.
    response = client.get(f"{url('create', editor)}?again={paused.pk}")
    assert response.context["form"]["email"].value() is None
    assert (
        "paused@example.org cannot be sent again yet: you can invite this address again from "
        f"{date_format(again)}."
    ) in response.content.decode()
    # After: the form filled in, and sending it goes through.
    form = client.get(f"{url('create', editor)}?again={over.pk}").context["form"]
    assert form["email"].value() == "over@example.org"
    assert form["invitee_name"].value() == "Els"
    assert post_form(client, editor, email="over@example.org").status_code == 302
    page = client.get(url("list", editor)).content.decode()
    assert f"?again={over.pk}" not in page
    assert f"Invited again on {date_format(timezone.localdate())}." in page


def test_invite_again_on_another_organisations_revoked_invitation_is_not_found(client, editor):
    other = _revoke(_expired(make_signatory(name="Andere"), "secret@example.org", sent_days_ago=31))
    client.force_login(editor)
    response = client.get(f"{url('create', editor)}?again={other.pk}")
    assert response.status_code == 200
    assert response.context["form"]["email"].value() is None
    unknown = client.get(f"{url('create', editor)}?again=99999999").context["again_notice"]
    assert response.context["again_notice"] == unknown
    assert "We cannot find that invitation among the invitations to sign of Fablab Noord." in (
        unknown
    )
    assert "secret@example.org" not in response.content.decode()
    assert "secret@example.org" not in client.get(url("list", editor)).content.decode()
