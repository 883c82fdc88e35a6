"""A day after a support request's window ended, the sides that have not said whether the
help took place are reminded once (``send_support_confirm_reminders``, queued tasks)."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from stemcharter.support.models import SupportRequest
from stemcharter.support.services import (
    support_confirm_reminder_send,
    support_confirm_reminders_due,
    support_request_confirm,
)

from .factories import accepted_offer_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def ended(days_ago: int = 1, **kwargs):
    until = timezone.localdate() - datetime.timedelta(days=days_ago)
    return accepted_offer_on(
        date_from=until - datetime.timedelta(days=2), date_until=until, **kwargs
    )


def run(captured) -> None:
    with captured(execute=True):
        call_command("send_support_confirm_reminders", stdout=mock.Mock())


def test_both_sides_are_reminded_once_a_day_after_the_window(
    django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://stem.example"
    offer = ended(title="Gastles robotica")
    running = ended(days_ago=0)  # ends today: not yet
    answered = ended()
    for side, by in (
        ("school", answered.support_request.created_by),
        ("offerer", answered.organisation.memberships.first().user),
    ):
        support_request_confirm(
            support_request=answered.support_request, side=side, by=by, happened=True
        )
    assert support_confirm_reminders_due() == [offer.support_request_id]

    run(django_capture_on_commit_callbacks)
    by_address = {message.to[0]: message for message in mail.outbox}
    school, offerer = offer.support_request.created_by, offer.created_by
    assert set(by_address) == {school.email, offerer.email}
    assert "Gastles robotica" in by_address[school.email].subject
    with translation.override(school.language):  # the link in the person's language
        school_link = "https://stem.example" + reverse(
            "portal:support-request-confirm", kwargs={"pk": offer.support_request_id}
        )
    assert school_link in by_address[school.email].body
    assert f"/aanbiedingen/{offer.pk}/bevestigen/" in by_address[offerer.email].body
    assert running.support_request.created_by.email not in by_address

    # Once only.
    mail.outbox.clear()
    run(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert support_confirm_reminder_send(support_request_id=offer.support_request_id) is False


def test_only_the_side_that_has_not_answered_is_reminded(django_capture_on_commit_callbacks):
    offer = ended()
    support_request_confirm(
        support_request=offer.support_request,
        side="school",
        by=offer.support_request.created_by,
        happened=True,
    )
    run(django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [[offer.created_by.email]]
    assert SupportRequest.objects.get(pk=offer.support_request_id).confirm_reminder_sent_at


def test_a_withdrawn_or_not_matched_request_is_not_reminded(django_capture_on_commit_callbacks):
    offer = ended()
    SupportRequest.objects.filter(pk=offer.support_request_id).update(
        status=SupportRequest.Status.WITHDRAWN
    )
    assert support_confirm_reminders_due() == []
    assert support_confirm_reminder_send(support_request_id=offer.support_request_id) is False
    assert support_confirm_reminder_send(support_request_id=0) is False
    run(django_capture_on_commit_callbacks)
    assert mail.outbox == []
