"""The health endpoint (``/health/``) for load balancers, monitors and ``scripts/deploy-smoke``.

It checks what every app process needs, each in a few milliseconds: the database (a trivial
query), the shared cache (a key set and read back) and the task queue (the database backend's
table can be read). It answers 200 when all of them work and 503 naming what failed, as JSON
holding no personal data, never stored by a browser or proxy.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.db.models import Min
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

OK = "ok"
FAILED = "failed"


def check_database() -> None:
    """Run a trivial query; raises the database's error when it cannot."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    """Set a key and read it back; raises when the cache answers wrongly or not at all."""
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, OK, timeout=10)
    try:
        if cache.get(key) != OK:
            raise RuntimeError("the cache did not return the value it was given")
    finally:
        cache.delete(key)


def check_tasks() -> int | None:
    """Read the task queue's table; returns the age in seconds of the oldest task waiting to run.

    Returns None when no task waits, or when the queue is not the database backend (there is no
    table to read then). Raises the database's error when the table cannot be read.
    """
    if not isinstance(task_backends["default"], DatabaseBackend):
        return None
    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))["oldest"]
    if oldest is None:
        return None
    return max(0, int((timezone.now() - oldest).total_seconds()))


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """Answer 200 ``{"database": "ok", "cache": "ok", "tasks": "ok", ...}`` or 503.

    A failed check says ``"failed"`` (its error goes to the log, not to the caller). The age of
    the oldest waiting task (``oldest_task_seconds``) is reported, never judged here: a stopped
    worker delays emails but the app servers still serve, and a load balancer must keep them.
    """
    body: dict[str, str | int | None] = {}
    for name, check in (("database", check_database), ("cache", check_cache)):
        try:
            check()
        except Exception:
            logger.exception("Health check failed: %s", name)
            body[name] = FAILED
        else:
            body[name] = OK
    try:
        body["oldest_task_seconds"] = check_tasks()
    except Exception:
        logger.exception("Health check failed: tasks")
        body["tasks"] = FAILED
    else:
        body["tasks"] = OK
    healthy = all(value != FAILED for value in body.values())
    return JsonResponse(body, status=200 if healthy else 503)
