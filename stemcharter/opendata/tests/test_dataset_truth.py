"""What a dataset says it holds is what its files hold (docs/open-data.md): the events and
actions files hold every published row, past ones too, and say so; the API's list shows the
page's default (upcoming events, current actions) and its document says that. And no private
person (a signatory of the category individual) is named anywhere in the API or the files."""

import datetime
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.events.tests.factories import PublishedEventFactory
from stemcharter.opendata.datasets import dataset_get, dataset_list
from stemcharter.opendata.exports import ARCHIVE_NAME, open_data_build
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.stories.tests.factories import PublishedStoryFactory

pytestmark = pytest.mark.django_db

PERSON = "Fien Privépersoon"


def rows_of(export, key: str) -> list[dict]:
    with default_storage.open(export.files[f"{key}.json"]["path"], "rb") as handle:
        return json.loads(handle.read())


def test_the_events_file_holds_what_its_description_says(client):
    now = timezone.now()
    PublishedEventFactory(
        slug="voorbij",
        starts_at=now - datetime.timedelta(days=40),
        ends_at=now - datetime.timedelta(days=40, hours=-2),
    )
    PublishedEventFactory(slug="straks", starts_at=now + datetime.timedelta(days=5))
    dataset = dataset_get("events")

    export = open_data_build(datasets=[dataset])
    data = rows_of(export, "events")

    # The file: every published event, past and upcoming; its description says just that.
    assert sorted(row["slug"] for row in data["rows"]) == ["straks", "voorbij"]
    assert data["description"]["en"] == (
        "Every published event, past and upcoming. A private person who organises one is not named."
    )
    for language in ("nl", "en"):
        with translation.override(language):
            assert data["description"][language] == str(dataset.description)
    assert "tab=past" not in data["description"]["en"]
    assert "upcoming events unless" not in data["description"]["en"]
    # The API's list: the page's default, and its document says so.
    listed = client.get("/api/v1/events/").json()["results"]
    assert [row["slug"] for row in listed] == ["straks"]
    past = client.get("/api/v1/events/?tab=past").json()["results"]
    assert [row["slug"] for row in past] == ["voorbij"]
    document = client.get("/api/v1/openapi.json?lang=en").json()
    description = document["paths"]["/api/v1/events/"]["get"]["description"]
    assert description.startswith(data["description"]["en"])
    assert "the API's list shows upcoming events unless tab=past" in description


def test_the_actions_file_holds_past_actions_too(client):
    today = datetime.date.today()
    PublishedActionFactory(
        slug="afgelopen",
        start_date=today - datetime.timedelta(days=60),
        end_date=today - datetime.timedelta(days=59),
    )
    PublishedActionFactory(slug="lopend")
    export = open_data_build(datasets=[dataset_get("actions")])
    data = rows_of(export, "actions")
    assert sorted(row["slug"] for row in data["rows"]) == ["afgelopen", "lopend"]
    assert "past and current" in data["description"]["en"]
    listed = client.get("/api/v1/actions/").json()["results"]
    assert [row["slug"] for row in listed] == ["lopend"]


def test_no_description_speaks_of_the_apis_list():
    """A description is what the files hold: the list's defaults (tab, past) are in
    ``list_note``, which only the OpenAPI document shows."""
    with translation.override("en"):
        for dataset in dataset_list():
            text = str(dataset.description)
            assert "unless" not in text, dataset.key
            assert "the list" not in text.lower(), dataset.key


@pytest.fixture
def private_world():
    """A private person who signed, organising an action, an event and a story; a company
    beside them."""
    person = make_signatory(name=PERSON, category=Category.INDIVIDUAL)
    company = make_signatory(name="Bedrijf Openbaar", category=Category.COMPANY)
    PublishedActionFactory(slug="actie-persoon", organisation=person, title="Actie")
    PublishedEventFactory(slug="event-persoon", organisation=person, title="Event")
    PublishedStoryFactory(slug="verhaal-persoon", organisation=person, title="Verhaal")
    PublishedActionFactory(slug="actie-bedrijf", organisation=company, title="Actie 2")
    return person, company


def test_a_private_person_is_never_named_by_the_api(client, private_world):
    person, company = private_world
    for key, slug in (
        ("actions", "actie-persoon"),
        ("events", "event-persoon"),
        ("stories", "verhaal-persoon"),
    ):
        row = client.get(f"/api/v1/{key}/{slug}/").json()
        assert row["organisation"] is None, key
        assert row["organisation_slug"] is None, key
    company_row = client.get("/api/v1/actions/actie-bedrijf/").json()
    assert company_row["organisation"] == "Bedrijf Openbaar"
    assert company_row["organisation_slug"] == company.slug
    everything = b"".join(
        client.get(f"/api/v1/{dataset.key}/?past=1&page_size=100").content
        for dataset in dataset_list()
    ).decode()
    assert "actie-persoon" in everything  # the rows are there, their organiser is not named
    assert PERSON not in everything
    assert person.slug not in everything


@pytest.mark.parametrize("key", ["actions", "stories"])
def test_the_organisation_filter_does_not_find_a_private_person(client, private_world, key):
    """Refused exactly as a name nobody has (test_api_parameters: the filter's one rule), so
    the refusal does not tell a private person from nobody."""
    person, _company = private_world
    past = {"past": "1"} if key == "actions" else {}
    refusals = set()
    for value in (PERSON, person.slug, "niemand-bekend"):
        response = client.get(f"/api/v1/{key}/", {"organisation": value, **past})
        assert response.status_code == 400, response.json()
        refusals.add(response.json()["errors"][0]["message"].replace(value, "…"))
    assert len(refusals) == 1
    found = client.get("/api/v1/actions/", {"organisation": "Bedrijf Openbaar"}).json()
    assert [row["slug"] for row in found["results"]] == ["actie-bedrijf"]


def test_a_private_person_is_never_named_in_the_files(private_world):
    person, _company = private_world
    export = open_data_build()
    path = export.files[ARCHIVE_NAME]["path"]
    with default_storage.open(path, "rb") as handle, zipfile.ZipFile(handle) as archive:
        names = archive.namelist()
        content = "".join(archive.read(name).decode("utf-8-sig") for name in names)
    assert "actions.csv" in names
    assert "actie-persoon" in content
    assert PERSON not in content
    assert person.slug not in content
