"""A failing email send is queued again with a growing delay, then given up with an error."""

import logging
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import BadHeaderError
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stemcharter.notifications.services import email_queue
from stemcharter.notifications.tasks import is_worth_retrying, retry_delay, send_email_task

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LOGGER = "stemcharter.notifications.tasks"


def mail_server_failing(times: int, error: Exception | None = None):
    """Patch the test mail backend: its first ``times`` sends raise ``error`` (the mail
    server is down), later ones send. Returns the patcher and the list of attempts made."""
    error = error or ConnectionRefusedError(111, "Connection refused")
    send = EmailBackend.send_messages
    tries = []

    def flaky(backend, messages):
        tries.append(len(tries) + 1)
        if len(tries) <= times:
            raise error
        return send(backend, messages)

    return mock.patch.object(EmailBackend, "send_messages", flaky), tries


def run_worker() -> None:
    """The real worker (``manage.py db_worker``), in batch mode: it runs every task that is
    due, then stops."""
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0
    )


def make_due(results) -> None:
    """Move planned tasks to now, as if their delay had passed."""
    DBTaskResult.objects.filter(pk__in=[r.pk for r in results]).update(run_after=timezone.now())


def queued_attempts() -> list[tuple[int, str]]:
    return [
        (r.args_kwargs["kwargs"].get("attempt", 1), r.status)
        for r in DBTaskResult.objects.order_by("enqueued_at")
    ]


def test_retry_delays_grow_and_the_last_one_repeats(settings):
    settings.EMAIL_SEND_RETRY_MINUTES = [1, 5, 30, 120]
    assert [retry_delay(attempt) for attempt in range(1, 7)] == [
        timedelta(minutes=minutes) for minutes in (1, 5, 30, 120, 120, 120)
    ]


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (ConnectionRefusedError(111, "Connection refused"), True),
        (TimeoutError("timed out"), True),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), True),
        (smtplib.SMTPConnectError(421, b"Too busy, try later"), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"Mailbox busy")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such user")}), False),
        (smtplib.SMTPDataError(554, b"Message rejected"), False),
        (ValueError("Header values can't contain newlines"), False),
        (TypeError("an error in our own code"), False),
    ],
)
def test_only_errors_that_may_pass_are_retried(error, retried):
    assert is_worth_retrying(error) is retried


@pytest.mark.django_db
def test_a_send_that_fails_twice_then_succeeds_sends_one_email(caplog):
    """The test queue runs tasks at once and cannot wait: the retries follow at once."""
    patch, tries = mail_server_failing(times=2)
    with patch, caplog.at_level(logging.WARNING, logger=LOGGER):
        email_queue(to=["a@example.org"], subject="Hallo", body="Tekst")
    assert tries == [1, 2, 3]
    assert [(m.to, m.subject) for m in mail.outbox] == [(["a@example.org"], "Hallo")]
    warnings = [r for r in caplog.records if r.name == LOGGER]
    assert [(r.levelname, r.attempt) for r in warnings] == [("WARNING", 1), ("WARNING", 2)]
    assert "a@example.org" not in caplog.text  # no address in the log


@pytest.mark.django_db
def test_extra_headers_are_sent_and_kept_by_a_retry():
    """``headers`` (e.g. an invitation's List-Unsubscribe) go from the queue to the email, also
    when the first attempt failed; a header with a line break is refused, not sent."""
    headers = {"List-Unsubscribe": "<https://example.org/u/x/>", "X-Test": "yes"}
    patch, tries = mail_server_failing(times=1)
    with patch:
        email_queue(to=["a@example.org"], subject="Hallo", body="Tekst", headers=headers)
    assert tries == [1, 2]
    [message] = mail.outbox
    assert message.extra_headers == headers
    assert "List-Unsubscribe: <https://example.org/u/x/>" in message.message().as_string()
    with pytest.raises(BadHeaderError):
        send_email_task.call(
            to=["a@example.org"], subject="Hallo", body="", headers={"X-Test": "a\nBcc: b@x.org"}
        )
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_error_in_our_own_code_is_not_retried(caplog):
    with pytest.raises(BadHeaderError), caplog.at_level(logging.ERROR, logger=LOGGER):
        send_email_task.call(to=["a@example.org"], subject="Hallo\nBcc: x@example.org", body="")
    assert mail.outbox == []
    [record] = [r for r in caplog.records if r.name == LOGGER]
    assert (record.levelname, record.attempt, record.error) == ("ERROR", 1, "BadHeaderError")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_retries_later_and_sends_exactly_one_email(settings):
    """Production's path: the database queue and its worker. A failed attempt queues the next
    one (its attempt number in its arguments) 1 minute later, then 5 minutes later."""
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_SEND_RETRY_MINUTES = [1, 5, 30, 120]
    patch, tries = mail_server_failing(times=2)
    with patch:
        email_queue(to=["a@example.org"], subject="Hallo", body="Tekst")
        run_worker()
        assert tries == [1]
        [retry] = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        assert retry.args_kwargs["kwargs"]["attempt"] == 2
        wait = retry.run_after - timezone.now()
        assert timedelta(seconds=50) < wait <= timedelta(minutes=1)

        run_worker()  # not due yet: nothing is sent
        assert tries == [1]

        make_due([retry])
        run_worker()
        assert tries == [1, 2]
        [retry] = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        assert retry.args_kwargs["kwargs"]["attempt"] == 3
        wait = retry.run_after - timezone.now()
        assert timedelta(minutes=4) < wait <= timedelta(minutes=5)

        make_due([retry])
        run_worker()
        run_worker()
    assert tries == [1, 2, 3]
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert queued_attempts() == [
        (1, TaskResultStatus.SUCCESSFUL),
        (2, TaskResultStatus.SUCCESSFUL),
        (3, TaskResultStatus.SUCCESSFUL),
    ]
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_send_that_always_fails_stops_after_the_set_attempts(settings, caplog):
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_SEND_ATTEMPTS = 3
    patch, tries = mail_server_failing(times=100)
    with patch, caplog.at_level(logging.WARNING, logger=LOGGER):
        email_queue(to=["a@example.org"], subject="Hallo", body="Tekst")
        for _ in range(5):
            run_worker()
            make_due(DBTaskResult.objects.filter(status=TaskResultStatus.READY))
    assert tries == [1, 2, 3]
    assert mail.outbox == []
    assert queued_attempts() == [
        (1, TaskResultStatus.SUCCESSFUL),  # an attempt that queued the next one
        (2, TaskResultStatus.SUCCESSFUL),
        (3, TaskResultStatus.FAILED),  # given up: the traceback stays in the history
    ]
    last = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert last.exception_class_path == "builtins.ConnectionRefusedError"
    records = [r for r in caplog.records if r.name == LOGGER]
    assert [(r.levelname, r.attempt, r.attempts) for r in records] == [
        ("WARNING", 1, 3),
        ("WARNING", 2, 3),
        ("ERROR", 3, 3),
    ]
    assert records[-1].error == "ConnectionRefusedError"
