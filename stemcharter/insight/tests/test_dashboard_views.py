"""The dashboard page and its CSVs: who sees what, the filters in the URL, bad values, the CSV
content and a query count that does not grow with the data."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory
from stemcharter.insight.dashboard import FIGURES
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.progress.models import ProgressReport
from stemcharter.stories.tests.factories import PublishedStoryFactory
from stemcharter.support.tests.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db

SPRING = "?van=2026-02-01&tot=2026-03-31"


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


def test_csv_content_with_the_filters(client, coordinator, world, english):
    response = client.get(csv_url("ondertekenaars-per-categorie") + SPRING)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["Code", "Category", "Signatories"]
    counts = {row[0]: row[2] for row in rows[1:]}
    assert counts[Category.COMPANY] == "1"
    assert counts[Category.EDUCATION] == "1"
    rows = read_csv(client.get(csv_url("ondertekenaars-per-maand") + SPRING))
    assert rows[1:] == [["2026-02", "Feb 2026", "3", "1"], ["2026-03", "Mar 2026", "4", "1"]]
    rows = read_csv(client.get(csv_url("bereik")))
    assert rows[1] == ["actions", "Actions published", "3", "15", "1", "3", "2", "3"]
    assert rows[2] == ["events", "Events held", "2", "20", "1", "5", "1", "4"]


def test_months_are_written_as_dutch_writes_them(client, coordinator, world):
    """Dutch writes the short months in lower case ("mrt 2026", not Django's "Mrt 2026"), in
    the CSV and on the page; English keeps "Mar 2026" (the test above)."""
    rows = read_csv(client.get(csv_url("ondertekenaars-per-maand") + SPRING))
    assert rows[1:] == [["2026-02", "feb 2026", "3", "1"], ["2026-03", "mrt 2026", "4", "1"]]
    html = client.get(page_url() + SPRING).content.decode()
    assert "mrt 2026" in html
    assert "Mrt 2026" not in html


def test_the_stories_csv_counts_per_month_with_the_filters(client, coordinator, world, english):
    rows = read_csv(client.get(csv_url("verhalen-per-maand") + SPRING))
    assert rows[0] == ["Code", "Month", "Stories published"]
    assert rows[1:] == [["2026-02", "Feb 2026", "1"], ["2026-03", "Mar 2026", "2"]]
    rows = read_csv(client.get(csv_url("verhalen-per-maand") + SPRING + "&subregio=test-gent"))
    assert rows[1:] == [["2026-02", "Feb 2026", "1"], ["2026-03", "Mar 2026", "1"]]
    html = client.get(page_url() + SPRING).content.decode()
    assert 'id="figure-verhalen-per-maand"' in html
    assert "3 stories published in the period." in html


@pytest.mark.parametrize(
    ("chart", "code_of"),
    [
        ("ondertekenaars-per-categorie", lambda world: Category.COMPANY),
        ("ondertekenaars-per-subregio", lambda world: world.gent.slug),
        ("acties-per-type", lambda world: world.types[0].slug),
        ("acties-per-doelgroep", lambda world: world.audiences[0].slug),
        ("acties-per-discipline", lambda world: world.disciplines[0].slug),
        ("aanbod-per-subregio", lambda world: world.gent.slug),
        ("aanbod-per-doelgroep", lambda world: world.audiences[0].slug),
    ],
)
def test_every_csv_gives_the_label_beside_the_code_in_the_active_language(
    client, coordinator, world, chart, code_of
):
    """No CSV shows a bare code: each row has its label as the page shows it, in the language
    of the request (Dutch by default, English under /en/)."""
    labels = {
        Category.COMPANY: (Category.COMPANY.label, "Bedrijven"),
        world.gent.slug: (world.gent.name_en, world.gent.name_nl),
        world.types[0].slug: (world.types[0].name_en, world.types[0].name_nl),
        world.audiences[0].slug: (world.audiences[0].name_en, world.audiences[0].name_nl),
        world.disciplines[0].slug: (world.disciplines[0].name_en, world.disciplines[0].name_nl),
    }
    code = code_of(world)
    for language, index in (("en", 0), ("nl", 1)):
        with translation.override(language):
            rows = read_csv(client.get(csv_url(chart)))
            expected = str(labels[code][index])
        found = {row[0]: row[1] for row in rows[1:]}
        assert found[code].startswith(expected), (language, found[code], expected)


def test_an_unknown_chart_is_a_404(client, coordinator, world):
    assert client.get(csv_url("geheim")).status_code == 404


BAD_FILTERS = [
    ("?van=31-02-2026", "Enter a date like 2026-03-31"),
    ("?tot=morgen", "Enter a date like 2026-03-31"),
    ("?van=garbage", "Enter a date like 2026-03-31"),
    ("?van=2026-03-01&tot=2026-02-01", "The last day must be on or after the first day."),
    ("?categorie=kapperszaak", "Choose a category from the list."),
    ("?subregio=nergens", "Choose a subregion from the list"),
    ("?van=2026-13-45&subregio=%00", "Enter a date like 2026-03-31"),
    ("?van=0001-01-01", "Enter a date between 2000 and 2100."),
    ("?tot=9999-12-31", "Enter a date between 2000 and 2100."),
]


@pytest.mark.parametrize(("query", "message"), BAD_FILTERS)
def test_a_bad_filter_value_gets_a_message_not_a_500(
    client, coordinator, world, english, query, message
):
    response = client.get(page_url() + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error:" in html


@pytest.mark.parametrize(("query", "message"), BAD_FILTERS)
@pytest.mark.parametrize("chart", ["bereik", "ondertekenaars-per-categorie"])
def test_a_csv_with_a_bad_filter_value_is_refused_with_the_pages_message(
    client, coordinator, world, english, query, message, chart
):
    """The CSV checks its filters with the page's form: a bad value is never left out silently
    (a file of other figures than asked), but refused (400) naming what is wrong."""
    response = client.get(csv_url(chart) + query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"].startswith("private")
    text = response.content.decode()
    assert "The CSV file was not made: a filter is not valid." in text
    assert message in text


def test_a_csv_refusal_speaks_dutch_by_default(client, coordinator, world):
    response = client.get(csv_url("bereik") + "?van=garbage")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter a date like" not in text
    assert "Vanaf: Vul een datum in" in text  # the field's label and message in Dutch


def test_a_bad_value_leaves_the_other_filters_working_and_out_of_the_csv_links(
    client, coordinator, world, english
):
    response = client.get(page_url() + SPRING + "&categorie=onbekend")
    assert response.status_code == 200
    assert response.context["filters"].date_from == datetime.date(2026, 2, 1)
    assert response.context["filters"].category == ""
    html = response.content.decode()
    # The links give the file of what the page counts: the bad value left out, not refused.
    link = f'{csv_url("bereik")}?van=2026-02-01&amp;tot=2026-03-31"'
    assert f'href="{link}' in html
    assert "onbekend" not in html.split('id="section-signatories"', 1)[1]
    rows = read_csv(client.get(csv_url("ondertekenaars-per-categorie") + SPRING))
    assert {row[0]: row[2] for row in rows[1:]}[Category.COMPANY] == "1"


def test_a_reversed_period_is_refused_as_a_whole(client, coordinator, world, english):
    """``van`` after ``tot``: the form refuses the period, so neither day applies and the
    summary says what is counted (every period), not "From ..." the first day alone."""
    response = client.get(page_url() + "?van=2026-03-01&tot=2026-02-01")
    assert response.status_code == 200
    filters = response.context["filters"]
    assert (filters.date_from, filters.date_to) == (None, None)
    html = response.content.decode()
    status = html.split('class="result-count" role="status">', 1)[1].split("</p>", 1)[0]
    assert "Every period" in status
    assert "From " not in status
    assert "The last day must be on or after the first day." in html
    # The figures are those of every period, as the summary says.
    figures = {
        item["figure"].key: item["figure"]
        for section in response.context["sections"]
        for item in section["figures"]
    }
    figure = figures["ondertekenaars-per-maand"]
    assert figure.keys[0] == "2025-12"  # o5's approval, before the "van" asked


def test_a_contact_point_sees_only_their_subregions(client, contact_point, world, english):
    response = client.get(page_url())
    assert response.status_code == 200
    form = response.context["form"]
    assert [value for value, _label in form.fields["subregio"].choices] == ["", "test-gent"]
    rows = read_csv(client.get(csv_url("ondertekenaars-per-subregio")))
    assert [row[0] for row in rows[1:]] == ["test-gent"]
    rows = read_csv(client.get(csv_url("bereik")))
    assert rows[2][0] == "events"
    assert rows[2][2:5] == ["1", "20", "0"]  # e1 only; Leuven's event left out


def test_a_contact_point_cannot_ask_for_another_subregion_by_url(
    client, contact_point, world, english
):
    response = client.get(page_url() + "?subregio=test-leuven")
    assert response.status_code == 200
    assert "you see only the subregions you look after" in response.content.decode()
    # The page counts their own subregions only; a CSV asked for another is refused.
    assert response.context["filters"].subregion_ids == (world.gent.pk,)
    for chart in ("ondertekenaars-per-subregio", "schoolvragen"):
        response = client.get(csv_url(chart) + "?subregio=test-leuven")
        assert response.status_code == 400
        assert "you see only the subregions you look after" in response.content.decode()
    rows = read_csv(client.get(csv_url("schoolvragen")))
    assert sum(int(row[2]) for row in rows[1:]) == 2  # Gent's two requests, not Leuven's


def test_the_coordinator_may_choose_one_subregion(client, coordinator, world):
    rows = read_csv(client.get(csv_url("ondertekenaars-per-subregio") + "?subregio=test-leuven"))
    assert rows[1:] == [["test-leuven", world.leuven.name, "2"]]


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
        PublishedStoryFactory(
            organisation=organisation,
            subregions=[world.gent, world.leuven],
            first_published_at=datetime.datetime(2026, 3, 1 + index, 10, tzinfo=datetime.UTC),
        )
        SupportRequestFactory(subregion=world.leuven)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        page_url,
        lambda: csv_url("wachttijd-beoordelingen"),
        lambda: csv_url("verhalen-per-maand"),
    ],
)
def test_the_query_count_does_not_grow_with_the_data(client, contact_point, world, url):
    address = url() + SPRING
    _queries(client, address)  # warm: content types
    small = _queries(client, address)
    _more_data(world, 6)
    assert _queries(client, address) == small


def test_the_csv_writes_decimals_as_the_page_does_in_its_language(client, coordinator, world):
    """The CSV is separated by semicolons for Excel with Dutch settings: its decimals (the
    median waiting days) have a decimal comma in Dutch, a point in English, like the page."""
    medians = {}
    for language in ("nl", "en"):
        with translation.override(language):
            rows = read_csv(client.get(csv_url("wachttijd-beoordelingen")))
        medians[language] = [row[2] for row in rows[1:] if row[2] not in ("", "–")]
    assert medians["nl"], "the world has months with a median"
    assert all("," in cell and "." not in cell for cell in medians["nl"]), medians["nl"]
    assert medians["en"] == [cell.replace(",", ".") for cell in medians["nl"]]
