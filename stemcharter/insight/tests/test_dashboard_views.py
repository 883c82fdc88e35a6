"""The dashboard page and its CSVs: who sees what, the filters in the URL, bad values, the CSV
content and a query count that does not grow with the data."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory
from stemcharter.insight.dashboard import FIGURES
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.progress.models import ProgressReport
from stemcharter.support.tests.factories import SupportRequestFactory

from .dashboard_world import build_world

pytestmark = pytest.mark.django_db

SPRING = "?van=2026-02-01&tot=2026-03-31"


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory()
    client.force_login(user)
    return user


@pytest.fixture
def contact_point(client, world):
    user = UserFactory()
    world.gent.contact_points.add(user)
    client.force_login(user)
    return user


def page_url() -> str:
    return reverse("backoffice:insight")


def csv_url(chart: str) -> str:
    return reverse("backoffice:insight-csv", kwargs={"chart": chart})


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_visitors_log_in_and_members_are_refused(client, world):
    response = client.get(page_url())
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(page_url()).status_code == 403
    assert client.get(csv_url("bereik")).status_code == 403


def test_the_coordinator_sees_every_chart_with_its_table_and_csv_link(
    client, coordinator, world, english
):
    # A progress report, so the progress section has a chart to draw too.
    ProgressReport.objects.create(
        organisation=world.organisations[0], year=2025, slug="2025", status="published"
    )
    response = client.get(page_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Insight: the movement at a glance</h1>" in html
    for key in FIGURES:
        assert f'id="figure-{key}"' in html
        assert f'href="{csv_url(key)}"' in html
    assert html.count('class="chart-table') == len(FIGURES)
    assert html.count("<caption>") == len(FIGURES)
    assert '<th scope="col"' in html
    assert '<th scope="row"' in html
    assert html.count('role="img"') == len(FIGURES)
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert response["Cache-Control"].startswith("private")


def test_the_filters_stay_in_the_csv_links(client, coordinator, world, english):
    response = client.get(page_url() + SPRING + "&categorie=company")
    html = response.content.decode()
    assert (
        f'href="{csv_url("bereik")}?van=2026-02-01&amp;tot=2026-03-31&amp;categorie=company"'
        in html
    )


def test_csv_content_with_the_filters(client, coordinator, world):
    response = client.get(csv_url("ondertekenaars-per-categorie") + SPRING)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    counts = {row[0]: row[1] for row in rows[1:]}
    assert counts[Category.COMPANY] == "1"
    assert counts[Category.EDUCATION] == "1"
    rows = read_csv(client.get(csv_url("ondertekenaars-per-maand") + SPRING))
    assert rows[1:] == [["2026-02", "3", "1"], ["2026-03", "4", "1"]]
    rows = read_csv(client.get(csv_url("bereik")))
    assert rows[1] == ["actions", "3", "15", "1", "3", "2", "3"]


def test_an_unknown_chart_is_a_404(client, coordinator, world):
    assert client.get(csv_url("geheim")).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?van=31-02-2026", "Enter a date like 2026-03-31"),
        ("?tot=morgen", "Enter a date like 2026-03-31"),
        ("?van=2026-03-01&tot=2026-02-01", "The last day must be on or after the first day."),
        ("?categorie=kapperszaak", "Choose a category from the list."),
        ("?subregio=nergens", "Choose a subregion from the list"),
        ("?van=2026-13-45&subregio=%00", "Enter a date like 2026-03-31"),
        ("?van=0001-01-01", "Enter a date between 2000 and 2100."),
        ("?tot=9999-12-31", "Enter a date between 2000 and 2100."),
    ],
)
def test_a_bad_filter_value_gets_a_message_not_a_500(
    client, coordinator, world, english, query, message
):
    response = client.get(page_url() + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error:" in html
    # The CSV ignores the bad value the same way.
    assert client.get(csv_url("bereik") + query).status_code == 200


def test_a_bad_value_leaves_the_other_filters_working(client, coordinator, world):
    rows = read_csv(
        client.get(csv_url("ondertekenaars-per-categorie") + SPRING + "&categorie=onbekend")
    )
    assert {row[0]: row[1] for row in rows[1:]}[Category.COMPANY] == "1"


def test_a_contact_point_sees_only_their_subregions(client, contact_point, world, english):
    response = client.get(page_url())
    assert response.status_code == 200
    form = response.context["form"]
    assert [value for value, _label in form.fields["subregio"].choices] == ["", "test-gent"]
    rows = read_csv(client.get(csv_url("ondertekenaars-per-subregio")))
    assert [row[0] for row in rows[1:]] == ["test-gent"]
    rows = read_csv(client.get(csv_url("bereik")))
    assert rows[2][:4] == ["events", "1", "20", "0"]  # e1 only; Leuven's event left out


def test_a_contact_point_cannot_ask_for_another_subregion_by_url(
    client, contact_point, world, english
):
    response = client.get(page_url() + "?subregio=test-leuven")
    assert response.status_code == 200
    assert "you see only the subregions you look after" in response.content.decode()
    rows = read_csv(client.get(csv_url("ondertekenaars-per-subregio") + "?subregio=test-leuven"))
    assert [row[0] for row in rows[1:]] == ["test-gent"]
    rows = read_csv(client.get(csv_url("schoolvragen") + "?subregio=test-leuven"))
    assert sum(int(row[1]) for row in rows[1:]) == 2  # Gent's two requests, not Leuven's


def test_the_coordinator_may_choose_one_subregion(client, coordinator, world):
    rows = read_csv(client.get(csv_url("ondertekenaars-per-subregio") + "?subregio=test-leuven"))
    assert rows[1:] == [["test-leuven", "2"]]


def _more_data(world, n: int) -> None:
    for index in range(n):
        organisation = OrganisationFactory(subregions=[world.gent, world.leuven])
        ApprovedSignatureFactory(
            organisation=organisation,
            decided_at=datetime.datetime(2026, 2, 1 + index, 10, tzinfo=datetime.UTC),
        )
        action = PublishedActionFactory(
            organisation=organisation, subregions=[world.gent], audiences=world.audiences
        )
        action.disciplines.set(world.disciplines)
        SupportRequestFactory(subregion=world.leuven)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("url", [page_url, lambda: csv_url("wachttijd-beoordelingen")])
def test_the_query_count_does_not_grow_with_the_data(client, contact_point, world, url):
    address = url() + SPRING
    _queries(client, address)  # warm: content types
    small = _queries(client, address)
    _more_data(world, 6)
    assert _queries(client, address) == small
