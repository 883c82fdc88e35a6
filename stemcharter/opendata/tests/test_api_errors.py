"""The API's errors: one JSON shape under /api/ whatever refuses (a filter value, page_size,
the cursor, an address, a key, a method, the rate limit, a server error), in the API's own
words and the request's language (opendata/api/errors.py, docs/api.md)."""

import json
from pathlib import Path

import django_filters
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from stemcharter.opendata.api.filters import NOT_FILTERS
from stemcharter.opendata.api.views import DatasetViewSet
from stemcharter.opendata.datasets import dataset_list

pytestmark = pytest.mark.django_db

SHAPE = {"status", "code", "detail", "errors"}
DOCS = Path(settings.BASE_DIR) / "docs" / "api.md"
# What the pages say when they leave a value out: never the API's words.
PAGE_WORDING = ("so we", "we left", "left it out", "we show", "left out")


def body_of(response) -> dict:
    assert response["Content-Type"] == "application/json", response.content[:200]
    body = json.loads(response.content)
    assert set(body) == SHAPE, body
    assert body["status"] == response.status_code
    assert response["Access-Control-Allow-Origin"] == "*"
    return body


def page_notices_in(language: str) -> set[str]:
    """Every notice a public list may show when it leaves a value out, without its value: the
    texts before and after ``%(value)s`` (and the like), in ``language``."""
    from stemcharter.actions.filters import ActionFilterSet
    from stemcharter.charter.filters import SignatoryFilterSet
    from stemcharter.events.filters import EventFilterSet
    from stemcharter.stories.filters import StoryFilterSet

    parts = set()
    with translation.override(language):
        for filterset in (ActionFilterSet, SignatoryFilterSet, EventFilterSet, StoryFilterSet):
            messages = [
                *filterset.unknown_value_messages.values(),
                *filterset.invalid_value_messages.values(),
            ]
            for message in messages:
                for part in str(message).replace("%(max)s", "%(value)s").split("%(value)s"):
                    if len(part.strip(" “”.,:")) > 8:
                        parts.add(part.strip(" “”"))
    return parts


def bad_values() -> list[tuple[str, str, str]]:
    """For every filter of every dataset's list: a value it cannot take (dataset key, filter,
    value), so a new filter or dataset is checked without a line here."""
    cases = []
    for dataset in dataset_list():
        if dataset.filterset_class is None:
            continue
        for name, item in dataset.filterset_class.base_filters.items():
            if name in NOT_FILTERS:
                continue
            if isinstance(item, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter):
                value = "bestaat-niet"
            elif isinstance(item, django_filters.DateFilter):
                value = "gisteren"
            elif isinstance(item, django_filters.NumberFilter):
                value = "veel"
            elif item.extra.get("max_length"):
                value = "x" * (item.extra["max_length"] + 1)
            else:
                raise AssertionError(f"No bad value known for {dataset.key}: {name}")
            cases.append((dataset.key, name, value))
    return cases


@pytest.mark.parametrize(("key", "name", "value"), bad_values())
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_filter_refuses_in_the_apis_words(client, key, name, value, language):
    response = client.get(f"/api/v1/{key}/", {name: value}, headers={"Accept-Language": language})
    assert response.status_code == 400
    body = body_of(response)
    assert body["code"] == "invalid_parameters"
    [error] = body["errors"]
    assert error["parameter"] == name
    assert value[:40] in error["value"]
    assert f"“{name}”" in error["message"]
    assert error["message"] in body["detail"]
    assert not any(words in error["message"] for words in PAGE_WORDING)
    assert not any(part in error["message"] for part in page_notices_in(language))
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]


def test_an_unknown_value_lists_the_allowed_ones(client):
    body = body_of(client.get("/api/v1/events/?tab=morgen&lang=en"))
    assert body["errors"] == [
        {
            "parameter": "tab",
            "value": "morgen",
            "message": "Unknown value “morgen” for the filter “tab”. Allowed: upcoming, past.",
        }
    ]


def test_a_search_without_words_and_an_unknown_organisation(client):
    body = body_of(client.get("/api/v1/stories/?q=!!!&organisation=Niemand&lang=en"))
    assert {error["parameter"]: error["message"] for error in body["errors"]} == {
        "q": "Invalid value “!!!” for the filter “q”: it has no word to search for (letters "
        "or numbers).",
        "organisation": "Unknown value “Niemand” for the filter “organisation”: nothing public "
        "has it.",
    }


def test_a_last_day_before_the_first(client):
    body = body_of(client.get("/api/v1/actions/?date_from=2026-05-02&date_to=2026-05-01&lang=en"))
    assert body["errors"] == [
        {
            "parameter": "date_to",
            "value": "2026-05-01",
            "message": "Invalid value “2026-05-01” for the filter “date_to”: it is before the "
            "value of “date_from”.",
        }
    ]


def test_the_pages_sort_is_refused_as_on_every_list(client):
    """Not documented, so not taken (once 200 and ignored on actions and signatories only)."""
    for key in ("actions", "signatories", "events", "stories"):
        response = client.get(f"/api/v1/{key}/?sort=nope&lang=en")
        assert response.status_code == 400, key
        assert body_of(response)["errors"][0]["parameter"] == "sort"


def test_page_size_and_cursor_refusals_have_the_same_shape(client):
    body = body_of(client.get("/api/v1/sectors/?page_size=500&cursor=abc&lang=en"))
    assert body["code"] == "invalid_parameters"
    [error] = body["errors"]  # the page size is refused first
    assert error == {
        "parameter": "page_size",
        "value": "500",
        "message": "Invalid value “500” for the parameter “page_size”: a whole number from 1 "
        "to 100 is allowed.",
    }
    body = body_of(client.get("/api/v1/sectors/?cursor=abc", headers={"Accept-Language": "en"}))
    assert body["errors"][0]["parameter"] == "cursor"
    assert body["errors"][0]["message"].startswith("Invalid value “abc” for the parameter")


@pytest.mark.parametrize(
    ("headers", "query", "language"),
    [
        ({}, "", "nl"),
        ({"Accept-Language": "en-GB,en;q=0.9"}, "", "en"),
        ({"Accept-Language": "fr, en;q=0.5"}, "", "en"),
        ({"Accept-Language": "fr"}, "", "nl"),
        ({"Accept-Language": "en"}, "?lang=nl", "nl"),
        ({}, "?lang=en", "en"),
    ],
)
def test_the_language_of_an_answer(client, headers, query, language):
    response = client.get(f"/api/v1/nope/{query}", headers=headers)
    body = body_of(response)
    assert response["Content-Language"] == language
    with translation.override(language):
        expected = translation.gettext(
            "The API has no address %(path)s: see /api/v1/ for its datasets."
        ) % {"path": "/api/v1/nope/"}
    assert body["detail"] == expected
    ok = client.get(f"/api/v1/{query}", headers=headers)
    assert ok["Content-Language"] == language
    assert "Accept-Language" in ok["Vary"]


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("/api/v1/nope/", "The API has no address /api/v1/nope/: see /api/v1/ for its datasets."),
        ("/api/v1/nope", "The API has no address /api/v1/nope: see /api/v1/ for its datasets."),
        ("/api/", "The API has no address /api/: see /api/v1/ for its datasets."),
        (
            "/api/v2/actions/",
            "The API has no address /api/v2/actions/: see /api/v1/ for its datasets.",
        ),
        # A key that is no dataset's: the same words for its list and its detail addresses.
        (
            "/api/v1/regions/",
            "The API has no address /api/v1/regions/: see /api/v1/ for its datasets.",
        ),
        (
            "/api/v1/regions/nope/",
            "The API has no address /api/v1/regions/nope/: see /api/v1/ for its datasets.",
        ),
        # In plain words: which dataset, the address asked and where to look instead (no
        # "row", no "key", no "slug" nor "id"), whoever refuses (Django or REST framework).
        (
            "/api/v1/commitments/abc/",
            "“Commitments” has nothing public at /api/v1/commitments/abc/: see "
            "/api/v1/commitments/ for what it has.",
        ),
        (
            "/api/v1/commitments/999999/",
            "“Commitments” has nothing public at /api/v1/commitments/999999/: see "
            "/api/v1/commitments/ for what it has.",
        ),
        (
            "/api/v1/commitments/99999999999999999999999/",
            "“Commitments” has nothing public at /api/v1/commitments/99999999999999999999999/: "
            "see /api/v1/commitments/ for what it has.",
        ),
        (
            "/api/v1/actions/g%C3%A9%C3%A9n/",
            "“Actions” has nothing public at /api/v1/actions/géén/: see /api/v1/actions/ for "
            "what it has.",
        ),
        (
            "/api/v1/actions/bestaat-niet/",
            "“Actions” has nothing public at /api/v1/actions/bestaat-niet/: see /api/v1/actions/ "
            "for what it has.",
        ),
        (
            "/api/v1/sectors/a.b/",
            "“Sectors” has nothing public at /api/v1/sectors/a.b/: see /api/v1/sectors/ for what "
            "it has.",
        ),
    ],
)
def test_not_found_is_json_everywhere_under_api(client, url, detail):
    response = client.get(url, {"lang": "en"})
    assert response.status_code == 404
    body = body_of(response)
    assert body == {"status": 404, "code": "not_found", "detail": detail, "errors": []}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_dataset_words_its_404_by_one_rule(client, language):
    """Every dataset's detail, whoever refuses (REST framework for a value of the right form,
    Django for one of the wrong form), and its 404 in the OpenAPI document say it in the same
    words: the dataset, the address, its list; never the field's name ("slug", "id")."""
    from stemcharter.opendata.api.errors import dataset_not_found

    schema = client.get("/api/v1/openapi.json", {"lang": language}).json()
    datasets = dataset_list()
    assert len(datasets) > 5
    for dataset in datasets:
        values = ["999999", "abc"] if dataset.lookup_field == "id" else ["bestaat-niet", "a.b"]
        with translation.override(language):
            described = dataset_not_found(dataset)
            title = str(dataset.title)
        if language == "en":
            assert described == (
                f"“{title}” has nothing public at this address: see /api/v1/{dataset.key}/ for "
                "what it has."
            )
        for value in values:
            path = f"/api/v1/{dataset.key}/{value}/"
            body = body_of(client.get(path, {"lang": language}))
            assert body["code"] == "not_found"
            with translation.override(language):
                assert body["detail"] == dataset_not_found(dataset, path)
            assert path in body["detail"]
            assert f"/api/v1/{dataset.key}/ " in body["detail"]
            assert title in body["detail"]
            assert f" {dataset.lookup_field}." not in body["detail"]
        operation = schema["paths"][f"/api/v1/{dataset.key}/{{{dataset.lookup_field}}}/"]["get"]
        assert operation["responses"]["404"]["description"] == described


def test_not_found_elsewhere_is_still_the_sites_page(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_method_not_allowed(client, method):
    response = getattr(client, method)("/api/v1/actions/?lang=en")
    assert response.status_code == 405
    body = body_of(response)
    assert body["code"] == "method_not_allowed"
    assert body["detail"] == (
        f"The API only reads: use GET, HEAD or OPTIONS, not {method.upper()}."
    )
    assert "GET" in response["Allow"]


def test_only_json_is_acceptable(client):
    response = client.get("/api/v1/sectors/?lang=en", headers={"Accept": "text/html"})
    assert response.status_code == 406
    body = body_of(response)
    assert body["code"] == "not_acceptable"


def test_too_many_requests(client, settings):
    settings.API_RATE = "1/minute"
    assert client.get("/api/v1/sectors/").status_code == 200
    response = client.get("/api/v1/sectors/", headers={"Accept-Language": "en"})
    assert response.status_code == 429
    body = body_of(response)
    assert body["code"] == "too_many_requests"
    assert body["detail"].startswith("Too many requests. Try again in ")
    assert int(response["Retry-After"]) > 0


def test_a_server_error_is_json_under_api(monkeypatch):
    def broken(self):
        raise RuntimeError("the database is gone")

    monkeypatch.setattr(DatasetViewSet, "get_queryset", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/sectors/?lang=en")
    assert response.status_code == 500
    body = body_of(response)
    assert body == {
        "status": 500,
        "code": "server_error",
        "detail": "Something went wrong on our side. Please try again later.",
        "errors": [],
    }
    assert "database" not in response.content.decode()


def test_a_bad_request_is_json_under_api():
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/sectors/?lang=en", HTTP_HOST="evil.example")
    assert response.status_code == 400
    body = body_of(response)
    assert body["code"] == "bad_request"


def test_docs_list_every_code_and_message():
    """docs/api.md names every error code and each message the API can give."""
    from stemcharter.opendata.api import errors

    text = DOCS.read_text()
    codes = [
        errors.INVALID_PARAMETERS,
        errors.NOT_FOUND,
        errors.METHOD_NOT_ALLOWED,
        errors.NOT_ACCEPTABLE,
        errors.TOO_MANY_REQUESTS,
        errors.SERVER_ERROR,
        errors.BAD_REQUEST,
    ]
    for code in codes:
        assert f"`{code}`" in text, code
    for start in (
        "Unknown value “",
        "for the filter “",
        "”. Allowed: ",
        "it has no word to search for",
        "it is before the value of",
        "for the parameter “page_size”: a whole number from 1 to",
        "for the parameter “cursor”: take the next or previous link",
        "has nothing public at",
        "The API only reads: use GET, HEAD or OPTIONS",
        "The API only answers in JSON",
        "Too many requests. Try again in",
        "Something went wrong on our side.",
        "We cannot take this request.",
    ):
        assert start in text, start


def test_options_describes_in_the_requests_language(client):
    """OPTIONS names the dataset and says what it holds (no developer's docstring)."""
    body = json.loads(client.options("/api/v1/events/?lang=en").content)
    assert body["name"] == "Events"
    assert body["description"].startswith("Every published event, past and upcoming.")
    assert "tab=past" in body["description"]
    root = json.loads(client.options("/api/v1/?lang=en").content)
    assert root == {
        "name": "The datasets",
        "description": "",
        "renders": ["application/json"],
        "parses": [],
    }
