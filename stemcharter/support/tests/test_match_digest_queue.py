"""The digest through production's queue: ``send_support_request_digests`` queues the tasks in
the database, ``manage.py db_worker`` sends them. Two runs before the worker came by queue two
tasks for a person, and still send one email; a failed send is sent by a later run."""

from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stemcharter.charter.tests.factories import CommitmentFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.support.models import DigestEntry

from .factories import SupportRequestFactory, requestable_kind, signatory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("english"),
]

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DIGEST_TASK = "stemcharter.support.tasks.support_digest_task"


@pytest.fixture
def person(settings):
    subregion = SubregionFactory()
    company = signatory(subregions=[subregion])
    CommitmentFactory(signature=company.signatures.get()).action_types.add(requestable_kind())
    SupportRequestFactory(subregion=subregion)
    mail.outbox.clear()
    settings.TASKS = DATABASE_QUEUE  # from here on, as in production
    return company.memberships.get().user


def queue_digests() -> None:
    call_command("send_support_request_digests", stdout=mock.Mock())


def run_worker() -> None:
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0
    )


def digest_tasks(status) -> int:
    return DBTaskResult.objects.filter(task_path=DIGEST_TASK, status=status).count()


def test_a_digest_queued_twice_is_sent_once(person):
    queue_digests()
    queue_digests()  # the daily run came twice before the worker
    assert digest_tasks(TaskResultStatus.READY) == 2
    assert mail.outbox == []  # queued, not sent
    run_worker()
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert DigestEntry.objects.filter(user=person).count() == 1


def test_a_failed_digest_is_sent_by_a_later_run(person):
    queue_digests()
    with mock.patch.object(
        EmailBackend, "send_messages", side_effect=ConnectionRefusedError(111, "refused")
    ):
        run_worker()
    assert mail.outbox == []
    assert not DigestEntry.objects.exists()
    queue_digests()
    run_worker()
    assert [m.to for m in mail.outbox] == [[person.email]]
    queue_digests()  # sent today: nothing queued again
    run_worker()
    assert len(mail.outbox) == 1
