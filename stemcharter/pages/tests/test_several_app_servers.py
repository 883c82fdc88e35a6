"""Several app processes at once (docs/deploy.md): two gunicorn servers on one PostgreSQL
database, one Redis cache and one MEDIA_ROOT, and two task workers, as a deployment with more
than one machine runs them. Nothing a visitor does may depend on which process answers.

The servers and workers are real processes (``deploy/gunicorn.conf.py``, ``manage.py
db_worker``) connected to pytest-django's test database: the test is transactional, so what it
writes is committed and they see it, and the database is emptied (and its migrated rows put
back, ``serialized_rollback``) after it. The settings are the development ones but for what the
processes share (database, cache, media, secret key): production's own differences (HTTPS,
JSON logs, media served by nginx) are checked by ``scripts/deploy-smoke``.

PostgreSQL and Redis only (an SQLite file in one test process is no shared database);
``MULTIPROCESS_CACHE_URL`` names the Redis (default db 15; keys get a prefix of this run only).
``.ci/run`` runs it with ``MULTIPROCESS_REQUIRED=1``: a missing Redis is then an error.
"""

import http.client
import io
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from contextlib import ExitStack, contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image

from stemcharter.accounts.tests.factories import PASSWORD
from stemcharter.organisations.models import Membership
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.pages.tests.multiprocess_tasks import record_run
from stemcharter.regions.tests.factories import SubregionFactory

CACHE_URL = os.environ.get("MULTIPROCESS_CACHE_URL", "rediscache://127.0.0.1:6379/15")
REQUIRED = os.environ.get("MULTIPROCESS_REQUIRED") == "1"
ROOT = Path(settings.BASE_DIR)
HOST = "127.0.0.1"  # the Host header of every request, as behind the proxy: one site


def _redis_reason() -> str | None:
    try:
        redis.Redis.from_url(CACHE_URL.replace("rediscache://", "redis://")).ping()
    except redis.RedisError as error:
        return f"needs Redis at {CACHE_URL} (MULTIPROCESS_CACHE_URL): {error}"
    return None


pytestmark = [
    pytest.mark.multiprocess,
    # serialized_rollback: the test commits; the vocabulary's migrated rows come back after it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several app processes share a PostgreSQL database (DATABASE_URL=postgres://...)",
    ),
]


class Browser:
    """One visitor: cookies kept across servers, Host always the site's."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(
        self,
        port: int,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str | None = None,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        headers = {"Host": HOST}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def get(self, port: int, path: str) -> tuple[int, http.client.HTTPMessage, bytes]:
        return self.request(port, "GET", path)

    def post(
        self, port: int, path: str, data: dict, files: dict | None = None
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """POST ``data`` (and ``files``: name -> (filename, bytes)) with the page's CSRF token."""
        status, _headers, page = self.get(port, path)
        assert status == 200, (path, status)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, path
        data = {**data, "csrfmiddlewaretoken": token.group(1).decode()}
        if not files:
            return self.request(
                port,
                "POST",
                path,
                body=urlencode(data, doseq=True).encode(),
                content_type="application/x-www-form-urlencoded",
            )
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in data.items():
            for item in value if isinstance(value, list) else [value]:
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{item}\r\n".encode()
                )
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            port,
            "POST",
            path,
            body=b"".join(parts),
            content_type=f"multipart/form-data; boundary={boundary}",
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def shared_environment(tmp_path, settings):
    """The environment every process gets: the test database, one Redis, one MEDIA_ROOT."""
    if reason := _redis_reason():
        if REQUIRED:
            pytest.fail(reason)
        pytest.skip(reason)
    media = tmp_path / "media"
    media.mkdir(exist_ok=True)
    settings.MEDIA_ROOT = media
    prefix = f"multiprocess-{uuid.uuid4().hex}"
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_ENV": "development",
        "DJANGO_SECRET_KEY": f"several-app-servers-{uuid.uuid4().hex}",
        "DJANGO_ALLOWED_HOSTS": HOST,
        # DATABASE_URL's server, pytest-django's test database on it.
        "DATABASE_URL": urlsplit(os.environ["DATABASE_URL"])
        ._replace(path=f"/{connection.settings_dict['NAME']}")
        .geturl(),
        # Production's value: connections stay open between requests.
        "DATABASE_CONN_MAX_AGE": "60",
        "CACHE_URL": f"{CACHE_URL}?key_prefix={prefix}",
        "MEDIA_ROOT": str(media),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PASSWORD_HASHERS": "django.contrib.auth.hashers.MD5PasswordHasher",
        "STAFF_MFA_REQUIRED": "false",
        "RATE_LIMIT_SIGNUP": "2/h/ip",
        "LOG_FORMAT": "text",
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    yield environment, prefix
    client = redis.Redis.from_url(CACHE_URL.replace("rediscache://", "redis://"))
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@contextmanager
def _running(tmp_path: Path, environment: dict, commands: list[tuple[list[str], dict]]):
    """Start ``commands`` (argument list, extra environment) from the checkout; stop them all
    on leaving, before the database is emptied (their connections would hold it)."""
    started = []
    with ExitStack() as logs:
        try:
            for number, (command, extra) in enumerate(commands):
                log = logs.enter_context((tmp_path / f"process-{number}.log").open("w"))
                started.append(
                    subprocess.Popen(
                        command,
                        cwd=ROOT,
                        env={**environment, **extra},
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
            yield
        finally:
            for process in started:
                process.terminate()
            for process in started:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.fixture
def servers(shared_environment, tmp_path):
    """Two app servers, each gunicorn with two workers (deploy/gunicorn.conf.py): their ports."""
    environment, _prefix = shared_environment
    ports = [_free_port(), _free_port()]
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"]
    commands = [
        (gunicorn, {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"})
        for port in ports
    ]
    with _running(tmp_path, environment, commands):
        deadline = time.monotonic() + 30
        for port in ports:
            while True:
                try:
                    if Browser().get(port, "/health/")[0] == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, _logs(tmp_path)
                time.sleep(0.2)
        yield ports


@pytest.fixture
def workers(shared_environment, tmp_path):
    """Two task workers on the database queue."""
    environment, _prefix = shared_environment
    worker = [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"]
    with _running(tmp_path, environment, [(worker, {}), (worker, {})]):
        yield


def _logs(tmp_path: Path) -> str:
    return "\n".join(
        f"--- {path.name}\n{path.read_text()[-3000:]}"
        for path in sorted(tmp_path.glob("process-*.log"))
    )


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def test_any_server_continues_what_another_began(servers, shared_environment, tmp_path):
    a, b = servers
    _environment, prefix = shared_environment
    subregion = SubregionFactory()
    organisation = make_signatory(subregions=[subregion], enterprise_number="0123456749")
    user = MembershipFactory(
        organisation=organisation, role=Membership.Role.ADMIN, user__email="admin@example.org"
    ).user
    portal = reverse("portal:home")

    # A login on A is valid on B (sessions in the database).
    visitor = Browser()
    status, headers, _ = visitor.post(
        a, reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert (status, urlsplit(headers["Location"]).path) == (302, portal), _logs(tmp_path)
    assert visitor.get(b, portal)[0] == 200
    assert Browser().get(b, portal)[0] == 302  # without the session: to the login page

    # A logo uploaded through A is on the shared disk, shown and served by B.
    edit = reverse("portal:organisation-edit", args=[organisation.slug])
    profile = {
        "name": organisation.name,
        "town": "Gent",
        "category": organisation.category,
        "sector": organisation.sector_id,
        "enterprise_number": organisation.enterprise_number,
        "website": "https://www.example.be",
        "description": "Wij maken robots.",
        "subregions": [subregion.pk],
    }
    status, _, page = visitor.post(a, edit, profile, files={"logo": ("logo.png", _png())})
    assert status == 302, re.findall(
        r"(?s)class=\"[^\"]*error[^\"]*\"[^>]*>(.{0,300})", page.decode()
    )
    organisation.refresh_from_db()
    assert organisation.logo
    url = organisation.logo.url
    status, _, page = visitor.get(b, edit)
    assert status == 200
    assert url.encode() in page
    status, headers, content = visitor.get(b, url)
    assert (status, content) == (200, Path(organisation.logo.path).read_bytes())

    # A public page one server keeps for anonymous visitors (common.page_cache, in Redis) is
    # what the other serves, until any server changes what it shows: then both build it anew.
    public = reverse("organisations:organisation-detail", args=[organisation.slug])
    status, headers, first = Browser().get(a, public)
    assert (status, headers["X-Page-Cache"]) == (200, "miss"), _logs(tmp_path)
    status, headers, second = Browser().get(b, public)
    assert (status, headers["X-Page-Cache"], second) == (200, "hit", first)
    assert b"Wij bouwen bruggen." not in first
    edited = {**profile, "description": "Wij bouwen bruggen."}
    assert visitor.post(b, edit, edited)[0] == 302
    status, headers, third = Browser().get(a, public)
    assert (status, headers["X-Page-Cache"]) == (200, "miss")
    assert b"Wij bouwen bruggen." in third

    # The rate limits count across servers (the counters are in Redis): two signups on A use
    # up RATE_LIMIT_SIGNUP (2/h/ip), the third is refused on B.
    stranger = Browser()
    signup = reverse("account_signup")
    assert stranger.post(a, signup, {"email": "x"})[0] == 200  # the form with its errors
    assert stranger.post(a, signup, {"email": "y"})[0] == 200
    assert stranger.post(b, signup, {"email": "z"})[0] == 429

    # A page cached by A (the sitemap, an hour) is what B serves, new signatory or not (made
    # by this test's process, whose signals reach only its own cache); once the shared entries
    # go (expired, or cleared), both show the new one.
    sitemap = reverse("sitemap-section", kwargs={"section": "signatories"})
    before = Browser().get(a, sitemap)[2]
    signatory = make_signatory(subregions=[subregion])
    assert signatory.slug.encode() not in Browser().get(b, sitemap)[2]
    assert Browser().get(b, sitemap)[2] == before
    cache = redis.Redis.from_url(CACHE_URL.replace("rediscache://", "redis://"))
    for pattern in ("views.decorators.cache", "page-cache:page"):
        for key in cache.scan_iter(f"{prefix}:*{pattern}*"):
            cache.delete(key)
    assert signatory.slug.encode() in Browser().get(b, sitemap)[2]
    assert signatory.slug.encode() in Browser().get(a, sitemap)[2]


def test_each_queued_task_runs_once_with_two_workers(workers, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    runs = tmp_path / "runs.txt"
    count = 30
    for number in range(count):
        record_run.enqueue(number=number, path=str(runs))
    deadline = time.monotonic() + 30
    while DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists():
        assert time.monotonic() < deadline, _logs(tmp_path)
        time.sleep(0.2)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    numbers = Counter(int(line.split()[0]) for line in runs.read_text().splitlines())
    assert numbers == Counter(range(count))  # each once, none twice
    assert all(len(ids) == 1 for ids in DBTaskResult.objects.values_list("worker_ids", flat=True))
