"""The OpenAPI document and its page follow the request's language (docs/api.md, Language):
in English, none of the descriptions we write is in Dutch; in Dutch, those with a translation
are (so the test can tell the two apart)."""

import html
import re

import pytest
from django.utils.translation import trans_real

pytestmark = pytest.mark.django_db

TEXT_KEYS = {"description", "summary", "title"}


def texts_of(node) -> list[str]:
    """Every description, summary and title in an OpenAPI document."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_KEYS and isinstance(value, str):
                found.append(value)
            else:
                found += texts_of(value)
    elif isinstance(node, list):
        for item in node:
            found += texts_of(item)
    return found


def dutch_patterns() -> list[re.Pattern]:
    """The Dutch translations of the catalogue that differ from their English, each as a
    pattern in which a placeholder (``%(field)s``) stands for any text; only those with some
    words of their own (a lone "%(name)s (%(count)s)" would match any text)."""
    patterns = []
    for msgid, text in trans_real.translation("nl")._catalog.items():
        source = msgid[0] if isinstance(msgid, tuple) else msgid
        if not text or text == source:
            continue
        parts = re.split(r"%\(\w+\)[sd]|%[sd]", text)
        if not any(len(part.strip()) >= 12 and " " in part.strip() for part in parts):
            continue
        patterns.append(re.compile(".+".join(re.escape(part) for part in parts)))
    return patterns


def dutch_in(texts: list[str], patterns: list[re.Pattern]) -> set[str]:
    return {text for text in texts for pattern in patterns if pattern.search(text)}


@pytest.fixture(scope="module")
def patterns():
    return dutch_patterns()


@pytest.mark.parametrize(
    ("query", "headers"),
    [("?lang=en", {}), ("", {"Accept-Language": "en"}), ("", {"Accept-Language": "en-GB"})],
)
def test_the_english_document_has_no_dutch(client, patterns, query, headers):
    response = client.get(f"/api/v1/openapi.json{query}", headers=headers)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    texts = texts_of(response.json())
    assert "The row's key (slug)." in texts
    assert dutch_in(texts, patterns) == set()


def test_the_dutch_document_is_dutch(client, patterns):
    response = client.get("/api/v1/openapi.json")
    assert response["Content-Language"] == "nl"
    texts = texts_of(response.json())
    assert "The row's key (slug)." not in texts
    assert len(dutch_in(texts, patterns)) > 20


def test_the_english_page_has_no_dutch_of_the_document(client, patterns):
    """The page renders the document: what the Dutch one says in Dutch, the English page
    never shows (and the Dutch page does)."""
    dutch = dutch_in(texts_of(client.get("/api/v1/openapi.json").json()), patterns)
    english_page = html.unescape(client.get("/en/open-data/api/").content.decode())
    dutch_page = html.unescape(client.get("/open-data/api/").content.decode())
    assert [text for text in dutch if text in english_page] == []
    assert [text for text in dutch if text in dutch_page]
    assert "The row's key (slug)." in english_page
