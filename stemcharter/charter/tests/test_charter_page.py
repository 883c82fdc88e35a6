import datetime

import pytest
from django.urls import reverse

from stemcharter.charter.tests.factories import CharterVersionFactory

pytestmark = pytest.mark.django_db

URL = reverse("charter:charter-detail")


def test_no_published_version_gives_a_friendly_page(client):
    CharterVersionFactory(number=1, published_at=None)  # a draft is not shown
    response = client.get("/en/charter/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "The text of the charter is not published yet" in content
    assert content.count("<h1") == 1


def test_shows_the_current_version_with_number_date_and_call_to_sign(client):
    CharterVersionFactory(number=1, title="Old title", body="Old text")
    CharterVersionFactory(
        number=2,
        title="STEM-charter",
        body="## Our promise\n\nWe make **STEM** attractive.",
        published_at=datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC),
    )
    response = client.get("/en/charter/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1" in content
    assert "STEM-charter</h1>" in content
    assert "<h2>Our promise</h2>" in content
    assert "<strong>STEM</strong>" in content
    assert "Old text" not in content
    assert "Version 2" in content
    assert "14 March 2025" in content
    assert 'datetime="2025-03-14"' in content
    assert 'class="button" href="/en/ondertekenen/"' in content
    assert "Demo text." not in content
    assert content.count("<h1") == 1


def test_demo_text_is_marked(client):
    CharterVersionFactory(is_demo=True)
    content = client.get("/en/charter/").content.decode()
    assert "Demo text." in content
    assert "This is not the official text" in content


def test_markdown_with_script_and_event_handlers_is_sanitised(client):
    CharterVersionFactory(
        body=(
            "Safe text\n\n<script>alert('charter')</script>\n\n"
            '<img src="x" onerror="alert(1)">\n\n<a href="javascript:alert(2)" '
            'onclick="alert(3)">link</a>'
        )
    )
    content = client.get(URL).content.decode()
    assert "Safe text" in content
    assert "alert(" not in content
    assert "onerror" not in content
    assert "onclick" not in content
    assert "javascript:" not in content


def test_page_is_in_dutch_without_prefix(client):
    CharterVersionFactory(published_at=datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC))
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'lang="nl"' in content
    assert "14 maart 2025" in content
    assert URL == "/charter/"


def test_anonymous_read_sets_no_cookies(client):
    CharterVersionFactory()
    response = client.get(URL)
    assert len(response.cookies) == 0
