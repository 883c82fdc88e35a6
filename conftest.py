"""Shared pytest setup: fast hashing, email in memory, tasks run at once, media in tmp."""

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks run immediately; ENQUEUE_ON_COMMIT stays on in production (see notifications tests).
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "ENQUEUE_ON_COMMIT": False,
        }
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STAFF_MFA_REQUIRED = False
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return


@pytest.fixture
def english():
    """Serve the test's pages in English: reverse() gives /en/ URLs while it is active.

    Tests that compare page text with the English source strings use it, so they keep passing
    whatever the Dutch translation says.
    """
    from django.utils import translation

    with translation.override("en"):
        yield
