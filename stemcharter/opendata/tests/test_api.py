"""The public API (/api/v1/): public rows only, no personal data, pagination, refusals,
ETags, rate limit, CORS, no cookies, constant query counts (issue 15, point 6)."""

import base64
import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.charter.models import Signature
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CommitmentFactory,
    SignatureFactory,
)
from stemcharter.events.tests.factories import EventFactory, PublishedEventFactory
from stemcharter.opendata.datasets import dataset_list
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory
from stemcharter.vocabulary.models import ActionType

pytestmark = pytest.mark.django_db

# Words that would mean a person's data in a field name.
PERSONAL = (
    "email",
    "signer",
    "phone",
    "created_by",
    "submitted_by",
    "reviewer",
    "contact_point",
    "user",
    "cancelled_by",
)


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, (json.loads(response.content) if response.content else None)


def keys_of(client, url) -> list:
    """Every row's key of a list, following the next links."""
    keys = []
    while url:
        response, body = get(client, url)
        assert response.status_code == 200, body
        keys += [row.get("slug", row.get("id")) for row in body["results"]]
        url = body["next"]
    return keys


@pytest.fixture
def public_world():
    """Of each kind, a public row and the rows the public must not see."""
    signatory = ApprovedSignatureFactory(organisation__name="Publiek bedrijf").organisation
    SignatureFactory(organisation__name="Wacht op goedkeuring")
    withdrawn = ApprovedSignatureFactory(organisation__name="Ingetrokken")
    Signature.objects.filter(pk=withdrawn.pk).update(status=Signature.Status.WITHDRAWN)
    CommitmentFactory(signature=signatory.signatures.get(), description="Publieke belofte")
    CommitmentFactory(signature=SignatureFactory(), description="Belofte in behandeling")
    PublishedActionFactory(slug="publieke-actie", organisation=signatory)
    ActionFactory(slug="concept-actie", organisation=signatory)
    PublishedEventFactory(slug="publiek-event", organisation=signatory)
    EventFactory(slug="concept-event", organisation=signatory)
    PublishedStoryFactory(slug="publiek-verhaal", organisation=signatory)
    StoryFactory(slug="concept-verhaal", organisation=signatory)
    return signatory


def test_the_root_lists_every_dataset(client):
    response, body = get(client, reverse("api:root"))
    assert response.status_code == 200
    assert [item["key"] for item in body["datasets"]] == [d.key for d in dataset_list()]
    for item in body["datasets"]:
        assert item["url"].endswith(f"/api/v1/{item['key']}/")
    assert {
        "signatories",
        "commitments",
        "actions",
        "events",
        "stories",
        "subregions",
        "action-types",
        "audiences",
        "disciplines",
        "sectors",
    } <= {item["key"] for item in body["datasets"]}


def test_each_dataset_lists_public_rows_only(client, public_world):
    assert keys_of(client, "/api/v1/signatories/") == [public_world.slug]
    commitments = [row["description"] for row in get(client, "/api/v1/commitments/")[1]["results"]]
    assert commitments == ["Publieke belofte"]
    assert keys_of(client, "/api/v1/actions/?past=1") == ["publieke-actie"]
    assert keys_of(client, "/api/v1/events/") == ["publiek-event"]
    assert keys_of(client, "/api/v1/stories/") == ["publiek-verhaal"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/actions/concept-actie/",
        "/api/v1/events/concept-event/",
        "/api/v1/stories/concept-verhaal/",
    ],
)
def test_a_draft_is_not_found(client, public_world, url):
    response, body = get(client, url)
    assert response.status_code == 404
    assert body["detail"]
    assert response["Content-Type"] == "application/json"


def test_details_of_public_rows(client, public_world):
    for url in (
        f"/api/v1/signatories/{public_world.slug}/",
        "/api/v1/actions/publieke-actie/",
        "/api/v1/events/publiek-event/",
        "/api/v1/stories/publiek-verhaal/",
    ):
        response, body = get(client, url)
        assert response.status_code == 200, url
        assert body["url"].startswith("http://testserver/")


def test_unapproved_signatories_details_are_not_found(client):
    waiting = SignatureFactory().organisation
    assert get(client, f"/api/v1/signatories/{waiting.slug}/")[0].status_code == 404


def test_individuals_who_signed_are_not_in_the_open_data(client):
    """A private person who signed (category individual) is named on its public page, but not
    handed out in bulk under CC BY: neither in signatories nor in commitments."""
    person = make_signatory(name="Fien Persoon", category=Category.INDIVIDUAL)
    company = make_signatory(name="Bedrijf", category=Category.COMPANY)
    assert get(client, f"/api/v1/signatories/{person.slug}/")[0].status_code == 404
    slugs = [row["slug"] for row in get(client, "/api/v1/signatories/")[1]["results"]]
    assert slugs == [company.slug]
    commitments = get(client, "/api/v1/commitments/")[1]["results"]
    assert len(commitments) == 1
    assert "Fien Persoon" not in str(commitments)


def test_no_field_holds_personal_data(client, public_world):
    for dataset in dataset_list():
        fields = dataset.serializer_class().fields
        for name in fields:
            assert not any(word in name for word in PERSONAL), (dataset.key, name)
    # And no value: the signer's name and email, the action's contact address.
    signature = public_world.signatures.get()
    everything = b"".join(
        client.get(
            f"/api/v1/{dataset.key}/", {"past": 1} if dataset.key == "actions" else {}
        ).content
        for dataset in dataset_list()
    ).decode()
    assert signature.signer_email not in everything
    assert signature.signer_name not in everything
    assert "aanmelden@example.org" not in everything
    assert "@" not in everything


def test_pages_follow_each_other_without_gaps_or_repeats(client):
    SubregionFactory.create_batch(7)
    expected = list(Subregion.objects.order_by("pk").values_list("slug", flat=True))
    assert len(expected) > 6
    assert keys_of(client, "/api/v1/subregions/?page_size=3") == expected


def test_a_cursor_stays_valid_when_rows_are_added(client):
    Subregion.objects.all().delete()
    first = SubregionFactory.create_batch(4)
    _response, body = get(client, "/api/v1/subregions/?page_size=2")
    assert [row["slug"] for row in body["results"]] == [item.slug for item in first[:2]]
    SubregionFactory(slug="aaa-nieuw")  # new rows come after: the next page is unchanged
    _response, body = get(client, body["next"])
    assert [row["slug"] for row in body["results"]] == [item.slug for item in first[2:]]
    previous = get(client, body["previous"])[1]
    assert [row["slug"] for row in previous["results"]] == [item.slug for item in first[:2]]


def test_the_default_page_size(client, settings):
    settings.API_PAGE_SIZE = 2
    SubregionFactory.create_batch(3)
    assert len(get(client, "/api/v1/subregions/")[1]["results"]) == 2


@pytest.mark.parametrize("value", ["101", "0", "-1", "abc", "1.5", "٣", "99999999999999999999"])
def test_a_page_size_out_of_bounds_is_refused(client, value):
    response, body = get(client, f"/api/v1/subregions/?page_size={value}")
    assert response.status_code == 400
    [error] = body["errors"]
    assert error["parameter"] == "page_size"
    assert "100" in error["message"]


def test_the_largest_page_size_is_allowed(client):
    assert client.get("/api/v1/subregions/?page_size=100").status_code == 200


@pytest.mark.parametrize(
    "cursor",
    [
        "zzz",
        "%%%",
        base64.b64encode(b"p=abc").decode(),
        base64.b64encode(b"o=-1").decode(),
        base64.b64encode(b"r=2").decode(),
        base64.b64encode(b"o=99999999").decode(),
        base64.b64encode("p=١".encode()).decode(),
        base64.b64encode(b"p=999999999999999999999999").decode(),
    ],
)
def test_a_malformed_cursor_is_refused(client, cursor):
    response, body = get(client, f"/api/v1/subregions/?cursor={cursor}")
    assert response.status_code == 400, body
    assert [error["parameter"] for error in body["errors"]] == ["cursor"]


@pytest.mark.parametrize(
    ("url", "word"),
    [
        ("/api/v1/actions/?type=bestaat-niet", "bestaat-niet"),
        ("/api/v1/actions/?subregion=nergens", "nergens"),
        ("/api/v1/actions/?group=abc", "abc"),
        ("/api/v1/actions/?date_from=gisteren", "gisteren"),
        ("/api/v1/signatories/?category=marsmannetjes", "marsmannetjes"),
        ("/api/v1/signatories/?sector=geen", "geen"),
        ("/api/v1/stories/?kind=sprookje", "sprookje"),
        ("/api/v1/events/?tab=morgen", "morgen"),
        ("/api/v1/events/?month=2001-13", "2001-13"),
    ],
)
def test_an_unknown_filter_value_is_refused_with_a_message(client, url, word):
    response, body = get(client, url)
    assert response.status_code == 400
    assert any(word in error["message"] for error in body["errors"])


def test_an_unknown_filter_value_in_english(client):
    response, body = get(client, "/api/v1/actions/?type=nope&lang=en")
    assert response.status_code == 400
    allowed = ", ".join(
        ActionType.objects.order_by("position", "name_nl").values_list("slug", flat=True)
    )
    message = f"Unknown value “nope” for the filter “type”. Allowed: {allowed}."
    assert body["errors"] == [{"parameter": "type", "value": "nope", "message": message}]
    assert body["detail"] == message


def test_unknown_parameters_are_refused(client, public_world):
    response, body = get(client, "/api/v1/stories/?whatever=1")
    assert response.status_code == 400
    assert [error["parameter"] for error in body["errors"]] == ["whatever"]


def test_filters_work_as_on_the_pages(client, public_world):
    other = PublishedActionFactory(slug="elders")
    region = other.subregions.get()
    assert keys_of(client, f"/api/v1/actions/?subregion={region.slug}") == ["elders"]
    assert keys_of(client, "/api/v1/signatories/?q=Publiek") == [public_world.slug]
    past = PublishedActionFactory(
        slug="voorbij",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 1, 2),
    )
    assert past.slug not in keys_of(client, "/api/v1/actions/")
    assert past.slug in keys_of(client, "/api/v1/actions/?past=1")
    PublishedEventFactory(
        slug="oud-event",
        starts_at=timezone.now() - datetime.timedelta(days=10),
        ends_at=timezone.now() - datetime.timedelta(days=9),
    )
    assert keys_of(client, "/api/v1/events/?tab=past") == ["oud-event"]


def test_etag_and_304(client, public_world):
    response = client.get("/api/v1/actions/")
    etag = response["ETag"]
    assert etag
    again = client.get("/api/v1/actions/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"
    assert "public" in again["Cache-Control"]
    detail = client.get("/api/v1/actions/publieke-actie/")
    assert (
        client.get(
            "/api/v1/actions/publieke-actie/", headers={"If-None-Match": detail["ETag"]}
        ).status_code
        == 304
    )
    PublishedActionFactory(slug="nog-een")
    assert client.get("/api/v1/actions/", headers={"If-None-Match": etag}).status_code == 200


def test_headers_cors_cache_and_no_cookie(client, public_world):
    for url in ("/api/v1/", "/api/v1/actions/", "/api/v1/openapi.json", "/api/v1/nope/?x=1"):
        response = client.get(url)
        assert not response.cookies, url
        assert "Set-Cookie" not in response.headers, url
    response = client.get("/api/v1/actions/")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"
    directives = response["Cache-Control"]
    assert "public" in directives
    assert "max-age=60" in directives
    refused = client.get("/api/v1/actions/?page_size=0")
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert "public" not in refused.get("Cache-Control", "")


def test_read_only(client):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/actions/", data={})
        assert response.status_code == 405, method
        assert not response.cookies


def test_the_rate_limit(client, settings):
    settings.API_RATE = "3/minute"
    for _ in range(3):
        assert client.get("/api/v1/").status_code == 200
    response, body = get(client, "/api/v1/sectors/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert body["detail"].startswith("Te veel verzoeken. Probeer het opnieuw over ")
    english = client.get("/api/v1/sectors/?lang=en").json()["detail"]
    assert english.startswith("Too many requests. Try again in ")
    # Counted per client address, in the shared cache.
    assert client.get("/api/v1/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_the_rate_limit_counts_requests_that_get_a_304(client, settings):
    settings.API_RATE = "2/minute"
    etag = client.get("/api/v1/")["ETag"]
    assert client.get("/api/v1/", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/api/v1/").status_code == 429


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/v1/signatories/", lambda: ApprovedSignatureFactory()),
        ("/api/v1/commitments/", lambda: CommitmentFactory()),
        ("/api/v1/actions/?past=1", lambda: PublishedActionFactory()),
        ("/api/v1/events/", lambda: PublishedEventFactory()),
        ("/api/v1/stories/", lambda: PublishedStoryFactory()),
        ("/api/v1/subregions/", lambda: SubregionFactory()),
        ("/api/v1/sectors/", lambda: OrganisationFactory()),
    ],
)
def test_a_list_costs_the_same_queries_at_two_sizes(client, url, make):
    # Measured on an answer not kept yet (another page_size than the warm-up's): the build.
    built = f"{url}{'&' if '?' in url else '?'}page_size=19"
    make()
    client.get(url)  # warm the kept choices of the filters
    with CaptureQueriesContext(connection) as small:
        assert client.get(built).status_code == 200
    for _ in range(6):
        make()
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        assert client.get(built).status_code == 200
    assert len(small) > 0
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


# The kept answers (views.DatasetViewSet.kept_answer)


@pytest.mark.parametrize(
    "url",
    ["/api/v1/actions/", "/api/v1/actions/?past=1&page_size=2", "/api/v1/actions/publieke-actie/"],
)
def test_a_warm_answer_reads_nothing_from_the_database(
    client, public_world, url, django_assert_max_num_queries
):
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_max_num_queries(1):
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == "application/json"
    assert again["Access-Control-Allow-Origin"] == "*"
    assert "public" in again["Cache-Control"]
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_a_content_change_is_seen_by_the_next_request(client, public_world):
    action = PublishedActionFactory(slug="wordt-gewijzigd", title="Oude titel")
    url = "/api/v1/actions/"
    first = client.get(url)
    assert b"Oude titel" in first.content
    action.title = "Nieuwe titel"
    action.save()
    second = client.get(url)
    assert b"Nieuwe titel" in second.content
    assert second["ETag"] != first["ETag"]
    detail = client.get("/api/v1/actions/wordt-gewijzigd/")
    assert b"Nieuwe titel" in detail.content


def test_the_rate_limit_counts_kept_answers(client, public_world, settings):
    settings.API_RATE = "3/minute"
    for _ in range(3):
        assert client.get("/api/v1/actions/").status_code == 200
    assert client.get("/api/v1/actions/").status_code == 429


def test_a_kept_answer_is_per_address_query_and_language(client, public_world):
    one = client.get("/api/v1/actions/?past=1&page_size=1")
    same = client.get("/api/v1/actions/?page_size=1&past=1")
    assert same.content == one.content
    assert same["ETag"] == one["ETag"]
    other_host = client.get("/api/v1/actions/?past=1&page_size=1", HTTP_HOST="localhost")
    assert other_host["ETag"] != one["ETag"]
    assert b"http://localhost/" in other_host.content
    english = client.get("/api/v1/actions/?past=1&page_size=1&lang=en")
    assert english["Content-Language"] == "en"
    assert one["Content-Language"] == "nl"
    # A refusal is never kept: a good request after it is answered.
    assert client.get("/api/v1/actions/?page_size=0").status_code == 400


def test_an_event_of_the_coordinators_has_no_organiser(client):
    PublishedEventFactory(slug="van-de-coordinatoren", organisation=None)
    row = get(client, "/api/v1/events/van-de-coordinatoren/")[1]
    assert row["organisation"] is None
    assert row["organisation_slug"] is None


def test_an_organiser_that_is_no_signatory_is_named_without_a_slug(client):
    PublishedActionFactory(slug="van-niet-ondertekenaar")
    row = get(client, "/api/v1/actions/van-niet-ondertekenaar/")[1]
    assert row["organisation"]
    assert row["organisation_slug"] is None


def test_the_documentation_page_in_both_languages(client):
    english = client.get("/en/open-data/api/")
    assert english.status_code == 200
    text = english.content.decode()
    for dataset in dataset_list():
        assert f"/api/v1/{dataset.key}/" in text
    assert "page_size" in text
    assert "The number of places offered, or null (no limit)." in text  # a field's help_text
    assert "<script" not in text.split("<main", 1)[-1].split("</main>")[0]
    assert client.get("/open-data/api/").status_code == 200


def test_the_openapi_document(client):
    response, body = get(client, "/api/v1/openapi.json?lang=en")
    assert response.status_code == 200
    assert body["openapi"].startswith("3.")
    paths = body["paths"]
    for dataset in dataset_list():
        assert f"/api/v1/{dataset.key}/" in paths
    names = {item["name"] for item in paths["/api/v1/actions/"]["get"]["parameters"]}
    assert {"type", "subregion", "audience", "past", "cursor", "page_size", "lang"} <= names
    assert "sort" not in names


def test_a_logged_in_persons_answer_stays_private(client, admin):
    client.force_login(admin)
    response = client.get("/api/v1/actions/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_the_documentation_page_reads_nothing_from_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/en/open-data/api/").status_code == 200
