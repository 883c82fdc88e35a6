"""The client's address behind the reverse proxy: read from the proxy's header only when that
proxy is trusted (config/settings.py TRUSTED_PROXY_COUNT, TRUSTED_CLIENT_IP_HEADER), so the
rate limits count per visitor, not per proxy, and a client cannot pick its own address."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PROXY = "10.0.0.2"  # REMOTE_ADDR of every request: they all come in through the proxy
TOO_MANY = "Too many failed login attempts"
FAILED_LOGINS_PER_IP = 10  # allauth's ACCOUNT_RATE_LIMITS["login_failed"]: 10/m/ip


def client_ip(request) -> str:
    """The address every rate limit counts per: allauth's, which our limits use too
    (stemcharter.common.ratelimits)."""
    return get_adapter(request).get_client_ip(request)


def fail_login(client, forwarded_for: str, number: int):
    # A new email address each time: only the per-address limit is in play, not the one per
    # login (5 attempts per email).
    return client.post(
        reverse("account_login"),
        {"login": f"nobody{number}@example.org", "password": "wrong"},
        REMOTE_ADDR=PROXY,
        headers={"X-Forwarded-For": forwarded_for},
    )


def exhaust_failed_logins(client, forwarded_for: str) -> None:
    for number in range(FAILED_LOGINS_PER_IP):
        response = fail_login(client, forwarded_for, number)
        assert TOO_MANY not in response.content.decode()
    assert TOO_MANY in fail_login(client, forwarded_for, 99).content.decode()


def test_client_address_behind_proxy_gives_each_visitor_their_own_login_rate_limit(
    client, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    exhaust_failed_logins(client, "203.0.113.10")
    # Another visitor through the same proxy still gets an ordinary wrong-password answer.
    response = fail_login(client, "203.0.113.20", 100)
    assert response.status_code == 200
    assert TOO_MANY not in response.content.decode()
    assert "not correct" in response.content.decode()


def test_client_address_behind_proxy_ignores_what_the_client_adds_to_the_header(client, settings):
    """The proxy appends the address it saw; entries before it come from the client."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    exhaust_failed_logins(client, "198.51.100.1, 203.0.113.10")
    response = fail_login(client, "198.51.100.2, 203.0.113.10", 101)
    assert TOO_MANY in response.content.decode()


def test_client_address_behind_proxy_header_is_ignored_without_trust(client, settings):
    """Without a trusted proxy (development), X-Forwarded-For is the client's word: ignored."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None
    exhaust_failed_logins(client, "203.0.113.10")
    assert TOO_MANY in fail_login(client, "203.0.113.20", 100).content.decode()


def test_client_address_behind_proxy_one_function(settings):
    factory = RequestFactory()
    request = factory.get(
        "/", REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.10"}
    )
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == PROXY
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.10"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "198.51.100.1"
    # A proxy that puts the client's address in a header of its own (nginx's X-Real-IP).
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    request = factory.get("/", REMOTE_ADDR=PROXY, headers={"X-Real-IP": "203.0.113.30"})
    assert client_ip(request) == "203.0.113.30"
    with pytest.raises(PermissionDenied):
        client_ip(factory.get("/", REMOTE_ADDR=PROXY))


BASE_DIR = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x",
    "DJANGO_ALLOWED_HOSTS": "example.org",
    "CACHE_URL": "rediscache://127.0.0.1:6379/1",
    "AWS_STORAGE_BUCKET_NAME": "stem-media",
}
CONTROLLED = (*PRODUCTION, "DJANGO_DEBUG", "TRUSTED_PROXY_COUNT", "TRUSTED_CLIENT_IP_HEADER")


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, "0 None"),
        (PRODUCTION, "1 None"),
        ({**PRODUCTION, "TRUSTED_PROXY_COUNT": "2"}, "2 None"),
        ({"TRUSTED_PROXY_COUNT": "1"}, "1 None"),
        ({**PRODUCTION, "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}, "1 X-Real-IP"),
    ],
)
def test_client_address_behind_proxy_settings_from_the_environment(variables, expected):
    environment = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    environment.update(variables)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; "
            "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)",
        ],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
