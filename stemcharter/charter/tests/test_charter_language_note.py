"""/charter/: the text is Dutch, also on English pages, which say so."""

import pytest
from django.urls import reverse
from django.utils import translation

from stemcharter.charter.tests.factories import CharterVersionFactory

pytestmark = pytest.mark.django_db


def test_charter_on_english_page_says_it_is_dutch_only(client, english):
    CharterVersionFactory()
    html = client.get(reverse("charter:charter-detail")).content.decode()
    assert "This text is only available in Dutch." in html
    assert '<div class="charter-body" lang="nl">' in html
    assert '<h1 id="charter-title" lang="nl">' in html


def test_charter_on_dutch_page_has_no_language_note(client):
    CharterVersionFactory()
    with translation.override("nl"):
        html = client.get(reverse("charter:charter-detail")).content.decode()
    assert 'class="notice">This text is only available in Dutch.' not in html
    assert '<div class="charter-body" lang="nl">' in html
