"""Reminders through production's queue: ``send_registration_reminders`` queues them in the
database, ``manage.py db_worker`` sends them. A failed send is queued again by the next run;
a reminder queued twice (two runs before the worker came by) is still sent once."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stemcharter.registrations.models import Registration

from .factories import RegistrableActionFactory, visitor_registers

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("english"),
]

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REMINDER_TASK = "stemcharter.registrations.tasks.registration_reminder_task"


@pytest.fixture
def registration(settings):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    action = RegistrableActionFactory(start_date=tomorrow, end_date=tomorrow)
    registration = visitor_registers(action, "a@example.org")
    mail.outbox.clear()
    settings.TASKS = DATABASE_QUEUE  # from here on, as in production
    return registration


def queue_reminders() -> None:
    call_command("send_registration_reminders", stdout=mock.Mock())


def run_worker() -> None:
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0
    )


def reminder_tasks(status) -> int:
    return DBTaskResult.objects.filter(task_path=REMINDER_TASK, status=status).count()


def test_a_failed_reminder_is_sent_by_a_later_run_and_only_once(registration):
    queue_reminders()
    assert mail.outbox == []  # queued, not sent
    with mock.patch.object(
        EmailBackend, "send_messages", side_effect=ConnectionRefusedError(111, "refused")
    ):
        run_worker()
    assert mail.outbox == []
    assert reminder_tasks(TaskResultStatus.FAILED) == 1
    assert Registration.objects.get().reminder_sent_at is None  # not marked: tried again

    queue_reminders()
    run_worker()
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert Registration.objects.get().reminder_sent_at is not None

    queue_reminders()  # sent: not queued again
    run_worker()
    assert len(mail.outbox) == 1
    assert reminder_tasks(TaskResultStatus.SUCCESSFUL) == 1


def test_a_reminder_queued_twice_is_sent_once(registration):
    queue_reminders()
    queue_reminders()  # the hourly run came twice before the worker
    assert reminder_tasks(TaskResultStatus.READY) == 2
    run_worker()
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert reminder_tasks(TaskResultStatus.SUCCESSFUL) == 2  # the second found it sent
