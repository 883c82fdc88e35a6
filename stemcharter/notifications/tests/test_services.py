import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.notifications.services import email_send_to_user
from stemcharter.organisations.models import JoinRequest, Membership
from stemcharter.organisations.services import invitation_create
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory

TEMPLATE = "organisations/email/join_request_decided"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "subject"),
    [("nl", "Je bent nu lid van Voorbeeld vzw"), ("en", "You are now a member of Voorbeeld vzw")],
)
def test_email_is_written_in_the_recipients_language(language, subject):
    user = UserFactory(language=language)
    organisation = OrganisationFactory(name="Voorbeeld vzw")
    email_send_to_user(
        user=user, template=TEMPLATE, context={"organisation": organisation, "accepted": True}
    )
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert mail.outbox[0].subject == f"[STEM-charter] {subject}"
    prefix = "" if language == "nl" else "/en"
    assert f"{prefix}/portal/" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_change_sends_no_email(settings):
    """As in production: the email is queued only when the transaction commits."""
    settings.NOTIFICATIONS_ON_COMMIT = True
    user = UserFactory()
    organisation = OrganisationFactory()
    context = {"organisation": organisation, "accepted": False}

    def failing_change():
        with transaction.atomic():
            email_send_to_user(user=user, template=TEMPLATE, context=context)
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    assert mail.outbox == []

    with transaction.atomic():
        email_send_to_user(user=user, template=TEMPLATE, context=context)
        assert mail.outbox == []  # not before the commit
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_plain_text_email_is_not_html_escaped():
    admin = UserFactory(language="en")
    organisation = OrganisationFactory(name="Jansen & Zonen")
    requester = UserFactory(email="o'brien@example.org")
    join_request = JoinRequest.objects.create(
        organisation=organisation, user=requester, message='"Fish & chips" <3'
    )
    email_send_to_user(
        user=admin,
        template="organisations/email/join_request",
        context={
            "organisation": organisation,
            "join_request": join_request,
            "requester": requester,
        },
    )
    email = mail.outbox[0]
    assert email.subject == "[STEM-charter] Someone asks to join Jansen & Zonen"
    assert "o'brien@example.org asks to join Jansen & Zonen on the" in email.body
    assert '"Fish & chips" <3' in email.body
    # {% url %} still works: the link is reversed in the recipient's language.
    with translation.override("en"):
        member_list = reverse("portal:member-list", args=[organisation.slug])
    assert f"{settings.SITE_URL}{member_list}" in email.body
    assert "&amp;" not in email.subject + email.body


@pytest.mark.django_db
def test_invitation_keeps_ampersand_and_apostrophe_in_subject_and_body():
    inviter = UserFactory(name="Seán O'Brien", language="en")
    organisation = OrganisationFactory(name="O'Brien & Zonen")
    MembershipFactory(organisation=organisation, user=inviter, role=Membership.Role.ADMIN)
    invitation_create(
        organisation=organisation, email="nieuw@example.org", role="editor", by=inviter
    )
    email = mail.outbox[0]
    assert email.subject == (
        "[STEM-charter] You are invited to join O'Brien & Zonen on the STEM-charter platform"
    )
    assert "Seán O'Brien invites you to help keep the profile of O'Brien & Zonen" in email.body
    for escaped in ("&amp;", "&#x27;", "&#39;", "&quot;"):
        assert escaped not in email.subject + email.body
