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


def api_classes() -> list[type]:
    """Every class whose docstring drf-spectacular could take as a description: the API's
    views and the serializers of the document (with the classes they inherit from)."""
    from rest_framework import serializers

    from stemcharter.opendata.api import views
    from stemcharter.opendata.datasets import dataset_list

    roots = [views.ApiRootView, views.OpenApiView, views.DatasetViewSet]
    roots += [views.ErrorSerializer, views.ParameterErrorSerializer]
    roots += [views.dataset_viewset(dataset) for dataset in dataset_list()]
    roots += [dataset.serializer_class for dataset in dataset_list()]
    found = {cls for root in roots for cls in root.__mro__ if cls.__module__.startswith("stem")}
    assert any(issubclass(cls, serializers.Serializer) for cls in found)
    return sorted(found, key=lambda cls: cls.__qualname__)


def test_no_docstring_is_a_description_and_no_markup(client):
    """A docstring is for developers (English, reST): never a description in either document,
    nor on the page; no double backticks, no "No response body"."""
    from drf_spectacular.plumbing import get_doc

    docstrings = [get_doc(cls) for cls in api_classes() if get_doc(cls)]
    assert len(docstrings) > 5
    for query in ("", "?lang=en"):
        texts = texts_of(client.get(f"/api/v1/openapi.json{query}").json())
        leaked = [text for text in texts for doc in docstrings if doc in text]
        assert leaked == []
        assert [text for text in texts if "``" in text or "No response body" in text] == []
    for path in ("/open-data/api/", "/en/open-data/api/"):
        page = html.unescape(client.get(path).content.decode())
        assert "``" not in page
        assert "No response body" not in page
        assert not [doc for doc in docstrings if doc in page]


def test_the_dutch_document_has_no_english_we_translate(client):
    """Every text of ours in the Dutch document is in Dutch: none is the English (msgid) of a
    text the catalogue translates, whole or as the start of a longer description."""
    texts = texts_of(client.get("/api/v1/openapi.json").json())
    english = {
        (msgid[0] if isinstance(msgid, tuple) else msgid)
        for msgid, text in trans_real.translation("nl")._catalog.items()
        if text and text != (msgid[0] if isinstance(msgid, tuple) else msgid)
    }
    english = {msgid for msgid in english if len(msgid) > 12 and " " in msgid and "%" not in msgid}
    assert [text for text in texts if text in english or text.split(". ")[0] + "." in english] == []


@pytest.mark.parametrize(
    ("rate", "sentence"),
    [
        ("120/minute", "At most 120 requests per minute per address;"),
        ("5/hour", "At most 5 requests per hour per address;"),
        ("1/second", "At most 1 request per second per address;"),
    ],
)
def test_the_page_says_the_rate_limit_in_words(client, settings, rate, sentence):
    settings.API_RATE = rate
    page = html.unescape(client.get("/en/open-data/api/").content.decode())
    assert sentence in page
    assert "/minute" not in page
    assert "/hour" not in page
