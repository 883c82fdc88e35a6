"""Nobody waits unseen: ``flag_waiting_support_requests`` (hourly) queues a task per open
request without an offer that is due; the task tells the subregion's contact points after
``SUPPORT_FLAG_CONTACT_POINT_DAYS`` days and the coordinators after
``SUPPORT_FLAG_COORDINATORS_DAYS``, each once, audited as the system's doing."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.common.tests.roles import make_user
from stemcharter.support.models import Offer, SupportRequest
from stemcharter.support.services import support_request_flag

from .factories import OfferFactory, SupportRequestFactory

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
FLAG_TASK = "stemcharter.support.tasks.support_request_flag_task"


def aged(support_request: SupportRequest, days: int) -> SupportRequest:
    SupportRequest.objects.filter(pk=support_request.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days, minutes=1)
    )
    support_request.refresh_from_db()
    return support_request


def flag_run() -> None:
    call_command("flag_waiting_support_requests", stdout=mock.Mock())


def run_worker() -> None:
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0
    )


def flag_codes(support_request) -> list[str]:
    return list(
        AuditEntry.objects.for_object(support_request).order_by("pk").values_list("code", flat=True)
    )


@pytest.fixture
def people():
    support_request = SupportRequestFactory()
    contact_point = make_user("contact_point", subregion=support_request.subregion)
    coordinator = CoordinatorFactory()
    mail.outbox.clear()
    return support_request, contact_point, coordinator


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("english")
@override_settings(SUPPORT_FLAG_CONTACT_POINT_DAYS=3, SUPPORT_FLAG_COORDINATORS_DAYS=5)
def test_through_the_queue_two_runs_flag_once(settings, people):
    support_request, contact_point, coordinator = people
    aged(support_request, 3)
    settings.TASKS = DATABASE_QUEUE  # from here on, as in production
    flag_run()
    flag_run()  # the hourly run came twice before the worker
    assert mail.outbox == []  # queued, not sent
    assert DBTaskResult.objects.filter(task_path=FLAG_TASK).count() == 2
    run_worker()
    assert (
        DBTaskResult.objects.filter(task_path=FLAG_TASK, status=TaskResultStatus.SUCCESSFUL).count()
        == 2
    )
    support_request.refresh_from_db()
    assert support_request.flagged_contact_point_at is not None
    assert support_request.flagged_coordinators_at is None
    assert [m.to for m in mail.outbox] == [[contact_point.email]]
    assert f"/beheer/hulpvragen/{support_request.pk}/" in mail.outbox[0].body
    assert flag_codes(support_request) == ["support.request.flagged_contact_point"]
    assert AuditEntry.objects.get(code="support.request.flagged_contact_point").actor is None

    flag_run()  # flagged: not queued again
    assert DBTaskResult.objects.filter(task_path=FLAG_TASK).count() == 2

    # Two days later, the coordinators' turn, once.
    aged(support_request, 5)
    flag_run()
    flag_run()
    run_worker()
    assert [m.to for m in mail.outbox] == [[contact_point.email], [coordinator.email]]
    assert flag_codes(support_request) == [
        "support.request.flagged_contact_point",
        "support.request.flagged_coordinators",
    ]
    flag_run()
    assert DBTaskResult.objects.filter(task_path=FLAG_TASK).count() == 4


@pytest.mark.django_db
@override_settings(SUPPORT_FLAG_CONTACT_POINT_DAYS=3, SUPPORT_FLAG_COORDINATORS_DAYS=5)
def test_not_yet_due_nothing_happens(people):
    support_request, _, _ = people
    aged(support_request, 2)
    flag_run()
    support_request.refresh_from_db()
    assert support_request.flagged_contact_point_at is None
    assert mail.outbox == []
    assert flag_codes(support_request) == []


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["offer", "withdrawn"])
@override_settings(SUPPORT_FLAG_CONTACT_POINT_DAYS=3, SUPPORT_FLAG_COORDINATORS_DAYS=5)
def test_a_request_with_an_offer_or_withdrawn_is_not_flagged(people, how):
    support_request, _, _ = people
    aged(support_request, 10)
    if how == "offer":
        OfferFactory(support_request=support_request)
    else:
        support_request.status = SupportRequest.Status.WITHDRAWN
        support_request.save()
    flag_run()
    # The task itself checks again (an offer may come between the run and the worker).
    assert support_request_flag(support_request_id=support_request.pk) == []
    support_request.refresh_from_db()
    assert support_request.flagged_contact_point_at is None
    assert support_request.flagged_coordinators_at is None
    assert mail.outbox == []
    assert flag_codes(support_request) == []


@pytest.mark.django_db
@override_settings(SUPPORT_FLAG_CONTACT_POINT_DAYS=3, SUPPORT_FLAG_COORDINATORS_DAYS=5)
def test_a_withdrawn_offer_does_not_count(people):
    support_request, contact_point, _ = people
    aged(support_request, 4)
    OfferFactory(support_request=support_request, status=Offer.Status.WITHDRAWN)
    mail.outbox.clear()
    flag_run()
    assert [m.to for m in mail.outbox] == [[contact_point.email]]


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "second", "age", "told"), [(2, 4, 2, 1), (10, 20, 9, 0)])
def test_the_days_come_from_the_settings(settings, people, first, second, age, told):
    settings.SUPPORT_FLAG_CONTACT_POINT_DAYS = first
    settings.SUPPORT_FLAG_COORDINATORS_DAYS = second
    support_request, _, _ = people
    aged(support_request, age)
    flag_run()
    assert len(mail.outbox) == told


@pytest.mark.django_db
@override_settings(SUPPORT_FLAG_CONTACT_POINT_DAYS=3, SUPPORT_FLAG_COORDINATORS_DAYS=5)
def test_long_forgotten_both_are_told_once_and_the_contact_point_first(people):
    support_request, contact_point, coordinator = people
    aged(support_request, 30)
    flag_run()
    flag_run()
    assert [m.to for m in mail.outbox] == [[contact_point.email], [coordinator.email]]
    assert "30 dagen" in mail.outbox[1].subject  # in the coordinator's language (Dutch)


@pytest.mark.django_db
@override_settings(SUPPORT_FLAG_CONTACT_POINT_DAYS=3, SUPPORT_FLAG_COORDINATORS_DAYS=5)
def test_a_subregion_without_a_contact_point_tells_the_coordinators(people):
    support_request, _contact_point, coordinator = people
    support_request.subregion.contact_points.clear()
    aged(support_request, 3)
    flag_run()
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert flag_codes(support_request) == ["support.request.flagged_contact_point"]
