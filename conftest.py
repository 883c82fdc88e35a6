"""Shared pytest setup: fast hashing, email in memory, tasks run at once, media in tmp."""

import pytest
from django.core.cache import cache
from django.utils import translation

# The fixtures of an organisation and its members (organisation, admin, editor, outsider, ...).
pytest_plugins = ["stemcharter.organisations.tests.fixtures"]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks run at once and emails are queued without waiting for a commit that a test's
    # transaction never makes (stemcharter/notifications/tests checks the production way).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.NOTIFICATIONS_ON_COMMIT = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STAFF_MFA_REQUIRED = False
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    # A request under /en/ activates English for the thread; other tests must not inherit it.
    translation.activate(settings.LANGUAGE_CODE)
    # Rate limits and used one-time codes live in the cache: each test starts without them.
    cache.clear()
    from stemcharter.common.fragments import forget_kept

    forget_kept()
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def english():
    """Serve the test's pages in English: reverse() gives /en/ URLs while it is active.

    Tests that compare page text with the English source strings use it, so they keep passing
    whatever the Dutch translation says.
    """
    with translation.override("en"):
        yield
