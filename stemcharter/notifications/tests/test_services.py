import pytest
from django.core import mail
from django.db import transaction

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.notifications.services import email_send_to_user
from stemcharter.organisations.tests.factories import OrganisationFactory

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
