"""Production refuses to start with settings that are unsafe or cannot work there.

Each case imports config.settings in a fresh Python process with its own environment.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]
CONTROLLED = (
    "DJANGO_ENV",
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "CACHE_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "SECURE_HSTS_SECONDS",
    "LOCAL_MEDIA",
    "LOG_FORMAT",
)
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x",
    "DJANGO_ALLOWED_HOSTS": "example.org",
    "CACHE_URL": "rediscache://127.0.0.1:6379/1",
    "AWS_STORAGE_BUCKET_NAME": "stem-media",
}


def import_settings(**variables: str | None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    environment.update({k: v for k, v in variables.items() if v is not None})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; print('HSTS', getattr(s, 'SECURE_HSTS_SECONDS', 0))",
        ],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_complete_production_settings_start_with_a_year_of_hsts():
    result = import_settings(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "HSTS 31536000" in result.stdout


def test_hsts_can_be_lowered_on_purpose():
    result = import_settings(**PRODUCTION, SECURE_HSTS_SECONDS="60")
    assert result.returncode == 0, result.stderr
    assert "HSTS 60" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG must be off in production"),
        ({"CACHE_URL": None}, "CACHE_URL must point to a shared cache in production"),
        (
            {"CACHE_URL": "locmemcache://stemcharter"},
            "CACHE_URL must point to a shared cache in production",
        ),
        ({"AWS_STORAGE_BUCKET_NAME": None}, "AWS_STORAGE_BUCKET_NAME must be set in production"),
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY must be set in production"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be json or text"),
    ],
)
def test_production_refuses_to_start(change, message):
    result = import_settings(**{**PRODUCTION, **change})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_development_needs_none_of_them():
    result = import_settings(DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr


def _print(expression: str, **variables: str | None) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    environment.update({k: v for k, v in variables.items() if v is not None})
    result = subprocess.run(
        [sys.executable, "-c", f"import config.settings as s; print({expression})"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_one_machine_may_keep_uploads_on_its_disk():
    """LOCAL_MEDIA: no bucket; nginx serves MEDIA_ROOT (deploy/nginx/stemcharter.conf)."""
    backend = _print(
        "s.STORAGES['default']['BACKEND']",
        **{**PRODUCTION, "AWS_STORAGE_BUCKET_NAME": None, "LOCAL_MEDIA": "true"},
    )
    assert backend == "django.core.files.storage.FileSystemStorage"


@pytest.mark.parametrize(
    ("variables", "formatter"),
    [({}, "text"), (PRODUCTION, "json"), ({**PRODUCTION, "LOG_FORMAT": "text"}, "text")],
)
def test_logs_are_json_lines_in_production_text_otherwise(variables, formatter):
    handler = _print("s.LOGGING['handlers']['console']", **variables)
    assert f"'formatter': '{formatter}'" in handler
    assert "'stream': 'ext://sys.stdout'" in handler


@pytest.mark.parametrize(("value", "seconds"), [(None, "60"), ("300", "300"), ("0", "0")])
def test_public_pages_max_age_comes_from_the_environment(value, seconds):
    assert _print("s.PUBLIC_PAGES_MAX_AGE", PUBLIC_PAGES_MAX_AGE=value) == seconds


def test_public_pages_max_age_is_not_negative():
    result = import_settings(PUBLIC_PAGES_MAX_AGE="-1")
    assert result.returncode != 0
    assert "PUBLIC_PAGES_MAX_AGE must be 0 or more" in result.stderr
