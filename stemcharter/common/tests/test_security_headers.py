"""Every audience's pages carry the security headers, and no template of ours can bring back
what the Content-Security-Policy forbids (inline scripts, styles and event handlers).

The policy lives in config/settings.py (``CONTENT_SECURITY_POLICY``, django-csp); the
Permissions-Policy in stemcharter.common.middleware. The browser tests (e2e/conftest.py) fail
on any violation Chromium reports.
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.conf import settings
from django.test import override_settings

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.common.tests.roles import make_user

BASE_DIR = Path(settings.BASE_DIR)


def csp_directives(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response) -> None:
    path = response.wsgi_request.path
    header = response.get("Content-Security-Policy")
    assert header, f"{path}: no Content-Security-Policy"
    assert "unsafe-inline" not in header, (path, header)
    assert "unsafe-eval" not in header, (path, header)
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"], (path, header)
    assert directives["script-src"] == ["'self'"], (path, header)
    assert directives["style-src"] == ["'self'"], (path, header)
    assert directives["frame-ancestors"] == ["'none'"], (path, header)
    assert directives["object-src"] == ["'none'"], (path, header)
    assert directives["base-uri"] == ["'self'"], (path, header)
    assert directives["form-action"] == ["'self'"], (path, header)
    permissions = response.get("Permissions-Policy", "")
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions, (path, permissions)
    assert response.get("Referrer-Policy") == "strict-origin-when-cross-origin", path
    assert response.get("Cross-Origin-Opener-Policy") == "same-origin", path
    assert response.get("X-Content-Type-Options") == "nosniff", path
    assert response.get("X-Frame-Options") == "DENY", path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/en/",
        "/acties/",
        "/acties/feed/rss/",
        "/verhalen/feed/atom/",
        "/ondertekenaars/",
        "/charter/",
        "/sitemap.xml",
        "/robots.txt",
        "/deze-pagina-bestaat-niet/",  # our 404 page
        "/account/login/",
        "/en/account/signup/",
        "/admin/login/",  # a redirect to allauth's login
        "/portal/",  # a redirect to the login page
    ],
)
def test_security_headers_on_public_and_anonymous_pages(client, path):
    response = client.get(path)
    assert response.status_code in (200, 301, 302, 404), (path, response.status_code)
    assert_security_headers(response)


@pytest.mark.django_db
def test_security_headers_on_an_action_page(client):
    action = PublishedActionFactory()
    response = client.get(action.get_absolute_url())
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("signatory", "/portal/"),
        ("signatory", "/en/portal/account/voorkeuren/"),
        ("signatory", "/account/email/"),
        ("coordinator", "/beheer/"),
        ("coordinator", "/beheer/ondertekeningen/"),
        ("contact_point", "/beheer/beoordelingen/"),
        ("coordinator", "/account/2fa/"),
        ("staff", "/admin/"),
        ("staff", "/admin/accounts/user/"),
    ],
)
@override_settings(STAFF_MFA_REQUIRED=False)
def test_security_headers_on_private_pages(client, role, path):
    user = UserFactory(is_staff=True, is_superuser=True) if role == "staff" else make_user(role)
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert_security_headers(response)


@pytest.mark.django_db
@override_settings(STAFF_MFA_REQUIRED=False)
def test_security_headers_totp_qr_code_is_an_image_the_policy_allows(client):
    """allauth's two-factor setup shows the QR code as an <img> with a data: URI, which
    img-src allows; it is neither inline script nor inline style."""
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    # allauth asks for the password again before the setup unless it was just given.
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(coordinator.pk)
    session.save()
    response = client.get("/account/2fa/totp/activate/")
    assert response.status_code == 200
    assert_security_headers(response)
    assert re.search(r'<img[^>]+src="data:image/svg\+xml', response.content.decode())
    assert "data:" in csp_directives(response)["img-src"]


def test_security_headers_img_src_names_the_media_domain():
    """With S3 storage the policy lets images load from where the media are served."""
    from config.settings import media_origins

    s3 = "storages.backends.s3.S3Storage"
    assert media_origins({"BACKEND": "django.core.files.storage.FileSystemStorage"}) == []
    custom = {"bucket_name": "stem-media", "custom_domain": "media.example.org"}
    assert media_origins({"BACKEND": s3, "OPTIONS": custom}) == ["https://media.example.org"]
    endpoint = {"bucket_name": "stem-media", "endpoint_url": "https://s3.example.net"}
    assert media_origins({"BACKEND": s3, "OPTIONS": endpoint}) == [
        "https://s3.example.net",
        "https://stem-media.s3.example.net",
    ]
    aws = {"bucket_name": "stem-media", "endpoint_url": None, "custom_domain": None}
    assert media_origins({"BACKEND": s3, "OPTIONS": aws}) == ["https://stem-media.s3.amazonaws.com"]


# What the policy refuses, in our templates. JSON-LD (and any other data block with a JSON
# type) is not executed, so the policy does not apply to it.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")")
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.DOTALL)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\s(on[a-z]+|(?:data-)?hx-on[:\w-]*)\s*=", re.DOTALL)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
DJANGO_COMMENT = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.DOTALL)


def our_templates() -> list[Path]:
    roots = [BASE_DIR / "templates", *sorted((BASE_DIR / "stemcharter").glob("*/templates"))]
    return sorted(p for root in roots for p in root.rglob("*") if p.suffix in (".html", ".xml"))


def inline_code(text: str) -> list[str]:
    """What in a template the Content-Security-Policy would refuse, as short descriptions."""
    text = DJANGO_COMMENT.sub("", text)
    found = []
    for name, pattern in (
        ("an inline <script> (put it in static/js/)", INLINE_SCRIPT),
        ("a style= attribute (use a class in static/css/site.css)", STYLE_ATTRIBUTE),
        ("a <style> element (put it in static/css/site.css)", STYLE_ELEMENT),
        ("an on*= event handler (bind it in static/js/)", HANDLER_ATTRIBUTE),
        ("a javascript: URL", JAVASCRIPT_URL),
    ):
        found += [f"{name}: {m.group(0)[:80]!r}" for m in pattern.finditer(text)]
    return found


def test_security_headers_no_template_carries_inline_script_or_style():
    templates = our_templates()
    assert len(templates) > 50, "the templates were not found"
    offences = {
        str(path.relative_to(BASE_DIR)): found
        for path in templates
        if (found := inline_code(path.read_text()))
    }
    assert not offences, (
        "The Content-Security-Policy refuses inline scripts, styles and handlers:\n"
        + "\n".join(f"{path}: {line}" for path, lines in offences.items() for line in lines)
    )


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<script type="module">import "x";</script>',
        '<p style="color: red">',
        '<div\n  class="x" style="margin: 0">',
        "<style>p { color: red }</style>",
        '<button onclick="go()">',
        '<form class="x" onsubmit="return check()">',
        '<button hx-on:click="go()">',
        '<button data-hx-on:click="go()">',
        '<a href="javascript:go()">',
    ],
)
def test_security_headers_the_template_guard_catches(snippet):
    assert inline_code(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/js/site.js" defer></script>',
        '<script type="application/ld+json">{"@type": "Event"}</script>',
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false}\'>',
        '<a class="button" href="/acties/">',
        "{# no <style> here #}",
        '<img alt="" src="/x.png" data-style="wide">',
    ],
)
def test_security_headers_the_template_guard_lets_pass(snippet):
    assert not inline_code(snippet)


PRINT_HEADERS_SETTINGS = (
    "import config.settings as s; "
    "print(s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
    "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
)


def production_settings(**variables: str) -> str:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SECURE_", "AWS_", "CACHE_URL"))
    }
    environment.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="x",
        DJANGO_ALLOWED_HOSTS="example.org",
        CACHE_URL="rediscache://127.0.0.1:6379/1",
        AWS_STORAGE_BUCKET_NAME="stem-media",
        **variables,
    )
    result = subprocess.run(
        [sys.executable, "-c", PRINT_HEADERS_SETTINGS],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_security_headers_production_hsts_covers_subdomains_without_preload():
    assert production_settings(AWS_S3_CUSTOM_DOMAIN="media.example.org") == (
        "True False [\"'self'\", 'data:', 'https://media.example.org']"
    )
    assert production_settings(
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false", SECURE_HSTS_PRELOAD="true"
    ).startswith("False True")
