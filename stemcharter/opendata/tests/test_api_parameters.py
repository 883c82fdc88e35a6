"""What the API's lists and details take as query parameters, and how they refuse the rest, for
every dataset (generated from the datasets and their FilterSets, so a new one is checked
without a line here): an unknown parameter name is refused (400), never silently ignored; a
value of the wrong form is refused naming the form the filter expects, never with Django's
form message; the organisation filter follows one rule in every dataset that has it."""

import json
import re

import django_filters
import pytest
from django import forms
from django.utils import translation

from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory
from stemcharter.opendata.api.filters import NOT_FILTERS
from stemcharter.opendata.datasets import dataset_list
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.stories.tests.factories import PublishedStoryFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["nl", "en"]


def body_of(response) -> dict:
    assert response["Content-Type"] == "application/json", response.content[:200]
    return json.loads(response.content)


def filtered_datasets() -> list:
    return [dataset for dataset in dataset_list() if dataset.filterset_class is not None]


def filter_names(dataset) -> list[str]:
    """The filters a dataset's list takes: its FilterSet's, but the page's sort (not read)."""
    names = dataset.filterset_class.base_filters if dataset.filterset_class else []
    return [name for name in names if name not in NOT_FILTERS]


# 1. Unknown parameter names


@pytest.mark.parametrize("key", [dataset.key for dataset in dataset_list()])
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_parameter_is_refused_on_every_list(client, key, language):
    response = client.get(f"/api/v1/{key}/", {"region": "bogus", "lang": language})
    assert response.status_code == 400
    body = body_of(response)
    assert body["code"] == "invalid_parameters"
    [error] = body["errors"]
    assert error["parameter"] == "region"
    assert error["value"] == "bogus"
    assert "“region”" in error["message"]
    assert error["message"] in body["detail"]
    dataset = next(item for item in dataset_list() if item.key == key)
    # The message names every parameter the list takes.
    for name in [*filter_names(dataset), "page_size", "cursor", "lang"]:
        assert re.search(rf"\b{name}\b", error["message"].split("”", 2)[-1]), name
    if language == "en":
        assert error["message"].startswith("Unknown parameter “region”. Known: ")


@pytest.mark.parametrize("key", [dataset.key for dataset in dataset_list()])
def test_a_detail_refuses_a_filter_and_any_other_name(client, key):
    for name in [
        "region",
        "page_size",
        *filter_names(next(d for d in dataset_list() if d.key == key)),
    ]:
        response = client.get(f"/api/v1/{key}/1/", {name: "1", "lang": "en"})
        assert response.status_code == 400, (key, name)
        assert [error["parameter"] for error in body_of(response)["errors"]] == [name]
    assert client.get(f"/api/v1/{key}/1/", {"lang": "en"}).status_code == 404


@pytest.mark.parametrize("key", [dataset.key for dataset in dataset_list()])
def test_every_documented_parameter_is_taken_on_every_list(client, key):
    dataset = next(item for item in dataset_list() if item.key == key)
    query = dict.fromkeys(filter_names(dataset), "")
    query.update({"page_size": "2", "lang": "en"})
    response = client.get(f"/api/v1/{key}/", query)
    # An empty value is no value (test_an_empty_filter_value_is_no_filter).
    body = body_of(response)
    assert response.status_code == 200, body
    document = client.get("/api/v1/openapi.json").json()
    documented = {
        item["name"]
        for item in document["paths"][f"/api/v1/{key}/"]["get"]["parameters"]
        if item["in"] == "query"
    }
    # What the document lists is taken, and nothing else (test_one_rule_…).
    assert set(query) - documented == set()
    assert documented <= set(query) | {"cursor"}


def api_addresses() -> list[str]:
    """Every endpoint: the root, the document, each dataset's list and a detail."""
    addresses = ["/api/v1/", "/api/v1/openapi.json"]
    for dataset in dataset_list():
        addresses += [f"/api/v1/{dataset.key}/", f"/api/v1/{dataset.key}/1/"]
    return addresses


@pytest.mark.parametrize("address", api_addresses())
@pytest.mark.parametrize(
    ("name", "value"),
    [("format", "xml"), ("format", "api"), ("format", "csv"), ("format", "json"), ("sort", "zzz")],
)
def test_one_rule_a_parameter_the_document_does_not_list_is_refused(client, address, name, value):
    """``format`` (REST framework's, once a 404 "no public row" for xml) and the page's
    ``sort`` (once taken and ignored on actions and signatories) are in no operation of the
    document, so they are refused as unknown everywhere, the root and the document too."""
    response = client.get(address, {name: value, "lang": "en"})
    assert response.status_code == 400, (address, response.content[:200])
    body = body_of(response)
    assert body["code"] == "invalid_parameters"
    [error] = body["errors"]
    assert error["parameter"] == name
    assert error["message"].startswith(f"Unknown parameter “{name}”. Known: ")
    known = error["message"].split("Known: ")[1].rstrip(".").split(", ")
    assert "format" not in known
    assert "sort" not in known
    document = client.get("/api/v1/openapi.json").json()
    documented = {
        item["name"]
        for operations in document["paths"].values()
        for item in operations["get"].get("parameters", [])
        if item["in"] == "query"
    }
    assert set(known) <= documented | {"lang"}


def test_the_document_takes_only_lang(client):
    assert client.get("/api/v1/openapi.json", {"lang": "en"}).status_code == 200
    response = client.get("/api/v1/openapi.json", {"foo": "1", "lang": "en"})
    assert response.status_code == 400
    assert body_of(response)["errors"][0]["message"] == "Unknown parameter “foo”. Known: lang."


def test_the_root_refuses_an_unknown_parameter_too(client):
    assert client.get("/api/v1/?lang=en").status_code == 200
    body = body_of(client.get("/api/v1/?datasets=1&lang=en"))
    assert body["errors"][0]["parameter"] == "datasets"


# 2. Values of the wrong form: the form the filter expects, never Django's message


def _expected(item) -> str | None:
    """The English the API must say for a value of the wrong form, from the filter's kind."""
    if isinstance(item, django_filters.DateFilter):
        return "expected a date as YYYY-MM-DD"
    if isinstance(item, django_filters.NumberFilter):
        return (
            f"expected a whole number from {item.extra['min_value']} to {item.extra['max_value']}"
        )
    if isinstance(item, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter):
        return None  # an unknown value: "Allowed: …" (test_api_errors)
    return f"expected a text of at most {item.extra['max_length']} characters"


def wrong_forms() -> list[tuple[str, str, str]]:
    """Every value of the wrong form each filter of each dataset can get (key, filter, value)."""
    cases = []
    for dataset in filtered_datasets():
        for name, item in dataset.filterset_class.base_filters.items():
            if isinstance(item, django_filters.DateFilter):
                values = ["abc", "2026-13-01", "2026-03"]
            elif isinstance(item, django_filters.NumberFilter):
                assert issubclass(item.field_class, forms.IntegerField), name
                low, high = item.extra["min_value"], item.extra["max_value"]
                values = ["abc", "1.5", str(low - 6), str(high + 1)]
            elif _expected(item) is None:
                continue
            else:
                values = ["x" * (item.extra["max_length"] + 1)]
            cases += [(dataset.key, name, value) for value in values]
    return cases


def django_form_words(item, language: str) -> set[str]:
    """The parts of every message Django's form field of ``item`` may give, in ``language``."""
    parts = set()
    with translation.override(language):
        field = item.field_class(**{k: v for k, v in item.extra.items() if k != "choices"})
        messages = [str(text) for text in field.error_messages.values()]
        messages += [str(validator.message) for validator in field.validators]
    for message in messages:
        for part in re.split(r"%\(\w+\)[sd]", message):
            if len(part.strip(" .,:")) > 8:
                parts.add(part.strip(" .,:"))
    return parts


@pytest.mark.parametrize(("key", "name", "value"), wrong_forms())
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_value_of_the_wrong_form_names_the_expected_form(client, key, name, value, language):
    response = client.get(f"/api/v1/{key}/", {name: value, "lang": language})
    assert response.status_code == 400
    [error] = body_of(response)["errors"]
    assert error["parameter"] == name
    item = next(d for d in dataset_list() if d.key == key).filterset_class.base_filters[name]
    assert not any(words in error["message"] for words in django_form_words(item, language))
    if language == "en":
        assert error["message"] == (
            f"Invalid value “{value[:60]}” for the filter “{name}”: {_expected(item)}."
        )


# 4. The organisation filter: one rule for every dataset that has it


def organisation_datasets() -> list[str]:
    return [d.key for d in filtered_datasets() if "organisation" in filter_names(d)]


def test_the_organisation_filter_is_where_expected():
    assert set(organisation_datasets()) >= {"actions", "stories"}


@pytest.mark.parametrize("key", organisation_datasets())
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_organisation_filter_has_one_rule(client, key, language):
    quiet = ApprovedSignatureFactory(organisation__name="Stille Partner").organisation
    active = make_signatory(name="Actieve School", category=Category.EDUCATION)
    person = make_signatory(name="Fien Persoon", category=Category.INDIVIDUAL)
    # The private person and the active school both organise an action and write a story.
    for organiser in (active, person):
        PublishedActionFactory(organisation=organiser)
        PublishedStoryFactory(organisation=organiser)
    url = f"/api/v1/{key}/"
    query = {"lang": language, **({"past": "1"} if key == "actions" else {})}

    # A known public signatory with nothing: an empty list, not a refusal.
    response = client.get(url, {**query, "organisation": quiet.slug})
    assert response.status_code == 200, response.content[:300]
    assert body_of(response)["results"] == []
    assert client.get(url, {**query, "organisation": "Stille Partner"}).status_code == 200
    # One with something: its rows.
    rows = body_of(client.get(url, {**query, "organisation": active.slug}))["results"]
    assert [row["organisation_slug"] for row in rows] == [active.slug]

    # A private person (slug or name) is refused exactly as a name nobody has.
    refusals = []
    for value in (person.slug, "Fien Persoon", "niemand-bekend"):
        response = client.get(url, {**query, "organisation": value})
        assert response.status_code == 400, (value, response.content[:300])
        [error] = body_of(response)["errors"]
        assert error["parameter"] == "organisation"
        refusals.append(error["message"].replace(value, "…"))
        assert "Fien" not in response.content.decode().replace(value, "")
    assert len(set(refusals)) == 1


# 5. Empty values and the language


def empty_values() -> list[tuple[str, str]]:
    """Every filter of every dataset (key, filter), the page's ignored sort included."""
    return [(d.key, name) for d in filtered_datasets() for name in filter_names(d)]


@pytest.mark.parametrize(("key", "name"), empty_values())
def test_an_empty_filter_value_is_no_filter(client, key, name):
    """``?type=`` is what an HTML form sends for a field left blank: the list without it."""
    signatory = make_signatory(name="Lege Filters School", category=Category.EDUCATION)
    PublishedActionFactory(organisation=signatory)
    PublishedStoryFactory(organisation=signatory)
    url = f"/api/v1/{key}/"
    without = client.get(url, {"lang": "en"})
    assert without.status_code == 200
    response = client.get(url, {name: "", "lang": "en"})
    assert response.status_code == 200, response.content[:300]
    assert body_of(response)["results"] == body_of(without)["results"]
    # Twice empty, as a form with two blank fields of one name sends it, is no value either.
    response = client.get(f"{url}?{name}=&{name}=&lang=en")
    assert response.status_code == 200, response.content[:300]


@pytest.mark.parametrize("key", [dataset.key for dataset in dataset_list()])
def test_empty_page_size_cursor_and_lang_are_no_value(client, key):
    response = client.get(f"/api/v1/{key}/", {"page_size": "", "cursor": "", "lang": ""})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Language"] == "nl"


@pytest.mark.parametrize(
    "url", ["/api/v1/", "/api/v1/actions/", "/api/v1/actions/1/", "/api/v1/openapi.json"]
)
@pytest.mark.parametrize("value", ["fr", "EN", "nl-be", "x" * 80])
def test_a_language_we_do_not_have_is_refused(client, url, value):
    response = client.get(url, {"lang": value}, headers={"accept-language": "en"})
    assert response.status_code == 400
    body = body_of(response)
    assert body["code"] == "invalid_parameters"
    [error] = body["errors"]
    assert error["parameter"] == "lang"
    assert error["value"] == value[:59] + ("…" if len(value) > 60 else "")
    assert error["message"] == (
        f"Invalid value “{error['value']}” for the parameter “lang”: one of nl, en."
    )
    # In Dutch when nothing else says which language.
    response = client.get(url, {"lang": value})
    assert response.status_code == 400
    assert response["Content-Language"] == "nl"


def test_the_document_says_which_languages_it_takes(client):
    document = client.get("/api/v1/openapi.json", {"lang": "en"}).json()
    for operations in document["paths"].values():
        [language] = [p for p in operations["get"]["parameters"] if p["name"] == "lang"]
        assert sorted(language["schema"]["enum"]) == ["en", "nl"]
        assert "Any other value is refused (400)." in language["description"]
