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


@pytest.mark.parametrize(("value", "seconds"), [(None, "60"), ("300", "300"), ("0", "0")])
def test_public_pages_max_age_comes_from_the_environment(value, seconds):
    environment = {k: v for k, v in os.environ.items() if k != "PUBLIC_PAGES_MAX_AGE"}
    if value is not None:
        environment["PUBLIC_PAGES_MAX_AGE"] = value
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.PUBLIC_PAGES_MAX_AGE)"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == seconds


def test_public_pages_max_age_is_not_negative():
    result = import_settings(PUBLIC_PAGES_MAX_AGE="-1")
    assert result.returncode != 0
    assert "PUBLIC_PAGES_MAX_AGE must be 0 or more" in result.stderr
