"""/health/: the database, the cache and the task queue, as JSON for load balancers."""

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stemcharter.common import health

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queue_task(*, minutes_ago: int, **fields) -> DBTaskResult:
    result = DBTaskResult.objects.create(
        task_path="stemcharter.notifications.tasks.send_email",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
        **fields,
    )
    DBTaskResult.objects.filter(pk=result.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return result


def test_healthy_answers_200_json_never_stored(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1 (the test queue runs tasks at once)
        response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "database": "ok",
        "cache": "ok",
        "tasks": "ok",
        "oldest_task_seconds": None,
    }
    assert "no-store" in response["Cache-Control"]


def test_only_get_and_head(client):
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


def test_no_language_prefix(client):
    assert client.get("/en/health/").status_code == 404


@pytest.mark.parametrize("waiting", [0, 3])
def test_reports_the_age_of_the_oldest_waiting_task(
    client, settings, django_assert_num_queries, waiting
):
    """Two queries whatever the queue holds: SELECT 1 and the oldest waiting task."""
    settings.TASKS = DATABASE_QUEUE
    # Finished tasks and tasks planned for later do not count.
    _queue_task(minutes_ago=60, status=TaskResultStatus.SUCCESSFUL)
    planned = _queue_task(minutes_ago=50)
    DBTaskResult.objects.filter(pk=planned.pk).update(run_after=timezone.now() + timedelta(hours=1))
    for minutes in range(waiting):
        _queue_task(minutes_ago=5 + minutes)
    with django_assert_num_queries(2):
        response = client.get("/health/")
    assert response.status_code == 200
    age = response.json()["oldest_task_seconds"]
    if waiting:
        assert 7 * 60 <= age < 8 * 60
    else:
        assert age is None


def test_a_failing_database_gives_503_naming_it(client, monkeypatch, caplog):
    def broken() -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "check_database", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "failed"
    assert response.json()["cache"] == "ok"
    assert "connection refused" not in response.content.decode()
    assert "Health check failed: database" in caplog.text


def test_a_failing_cache_gives_503(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["cache"] == "failed"


def test_an_unreadable_task_table_gives_503(client, settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE

    def broken(self):
        raise DatabaseError("no such table")

    monkeypatch.setattr(type(DBTaskResult.objects.all()), "ready", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["tasks"] == "failed"
    assert response.json()["database"] == "ok"
