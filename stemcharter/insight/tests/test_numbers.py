"""The public numbers (issue 15, point 4): ``/in-cijfers/`` and ``/in-cijfers/<year>/``."""

import datetime
import re
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.actions.tests.public import publish
from stemcharter.charter.models import Signature
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.common.page_cache import content_generation
from stemcharter.events.tests.factories import EventFactory, PublishedEventFactory
from stemcharter.insight.figures import public_figures
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.progress.models import ProgressReport
from stemcharter.registrations.models import Registration
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory
from stemcharter.support.models import SupportRequest
from stemcharter.support.tests.factories import SupportRequestFactory
from stemcharter.vocabulary.models import ActionType

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BRUSSELS = ZoneInfo("Europe/Brussels")
TODAY = timezone.localdate()
THIS_YEAR = TODAY.year
EARLIER = THIS_YEAR - 2  # a year with something; the year between has nothing


def at(year: int, month: int = 3, day: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, tzinfo=BRUSSELS)


def page_url() -> str:
    return reverse("insight:numbers")


def year_url(year: int) -> str:
    return reverse("insight:numbers-year", kwargs={"year": year})


def row_heading(label) -> str:
    """A row heading of a chart's table (the table stacks on a phone: its cells say their
    column)."""
    column = "Year" if isinstance(label, int) else "Month"
    return f'<th scope="row" data-label="{column}">{label}</th>'


def register(item, seats: int, state: str = Registration.State.REGISTERED, when=None):
    """A registration as the registration services leave it (created directly: the figures
    read only its item, state, seats and date)."""
    registration = Registration.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        state=state,
        kind="group" if seats > 1 else "individual",
        pupils=seats,
        seats=seats,
        email=f"r{Registration.objects.count()}@example.org",
        waitlisted_at=timezone.now() if state == Registration.State.WAITLISTED else None,
    )
    if when:
        Registration.objects.filter(pk=registration.pk).update(created_at=when)
    return registration


@pytest.fixture
def movement():
    """Hand-counted public data in two years (EARLIER and THIS_YEAR), and beside it every kind
    of data that must not count."""
    # Signatories: two this year, one earlier; a waiting, a rejected and a withdrawn signature.
    make_signatory(name="Alfa", decided_at=at(THIS_YEAR, 1))
    make_signatory(name="Bravo", decided_at=at(THIS_YEAR, 1, 20))
    make_signatory(name="Charlie", decided_at=at(EARLIER, 5))
    SignatureFactory(organisation__name="Wacht")
    SignatureFactory(organisation__name="Nee", status=Signature.Status.REJECTED)
    SignatureFactory(organisation__name="Weg", status=Signature.Status.WITHDRAWN)

    # Actions: two published this year (10 places and unlimited), one earlier (5 places) of
    # another type; a draft, a submitted, a rejected and a withdrawn one with places.
    first, second = ActionType.objects.order_by("position")[:2]
    registrable = PublishedActionFactory(
        action_type=first,
        places=10,
        participation="registration",
        participation_email="",
        first_published_at=at(THIS_YEAR, 1),
    )
    PublishedActionFactory(action_type=first, places=None, first_published_at=at(THIS_YEAR, 2))
    PublishedActionFactory(action_type=second, places=5, first_published_at=at(EARLIER, 6))
    draft = ActionFactory(places=100)
    for status in ("submitted", "rejected", "withdrawn"):
        ActionFactory(places=100, status=status, first_published_at=at(THIS_YEAR, 1))

    # Places taken: 3 + 1 seats held on the published action; a waitlisted one and a cancelled
    # one hold none; seats on the draft do not count.
    register(registrable, 3, when=at(THIS_YEAR, 2))
    register(registrable, 1, when=at(THIS_YEAR, 2))
    register(registrable, 2, state=Registration.State.WAITLISTED)
    register(registrable, 4, state=Registration.State.CANCELLED)
    register(draft, 7)

    # Events: one held this year (20 places, 15 came), one held earlier; a draft one, a
    # cancelled one, and one still to come.
    PublishedEventFactory(
        title="Evenement dit jaar",
        starts_at=at(THIS_YEAR, 3),
        ends_at=at(THIS_YEAR, 3) + datetime.timedelta(hours=2),
        capacity=20,
        attendance=15,
        event_status="finished",
    )
    PublishedEventFactory(
        title="Evenement vroeger",
        starts_at=at(EARLIER, 9),
        ends_at=at(EARLIER, 9) + datetime.timedelta(hours=2),
    )
    EventFactory(
        title="Evenement concept",
        starts_at=at(THIS_YEAR, 1),
        ends_at=at(THIS_YEAR, 1) + datetime.timedelta(hours=2),
        capacity=500,
    )
    PublishedEventFactory(
        title="Evenement geannuleerd",
        starts_at=at(THIS_YEAR, 1),
        ends_at=at(THIS_YEAR, 1) + datetime.timedelta(hours=2),
        event_status="cancelled",
        capacity=500,
    )
    PublishedEventFactory(title="Evenement straks", capacity=500)  # in 30 days: not held yet

    # Stories: one published this year; a draft and a rejected one.
    PublishedStoryFactory(title="Verhaal gepubliceerd", first_published_at=at(THIS_YEAR, 4))
    StoryFactory(title="Verhaal concept")
    StoryFactory(title="Verhaal afgewezen", status="rejected", first_published_at=at(THIS_YEAR, 4))

    # School requests: one answered and delivered this year (a school that signed), one
    # answered and delivered for a teacher's school (twice, the same school), one still open.
    school = OrganisationFactory(name="Atheneum")  # its signature is beside the point here
    SupportRequestFactory(
        organisation=school,
        created_by=None,
        status=SupportRequest.Status.DELIVERED,
        decided_at=at(THIS_YEAR, 2),
        delivered_at=at(THIS_YEAR, 3),
    )
    for _ in range(2):
        SupportRequestFactory(
            organisation=None,
            school_name="Sint-Jozef ",
            school_town="Gent",
            status=SupportRequest.Status.DELIVERED,
            decided_at=at(THIS_YEAR, 2),
            delivered_at=at(THIS_YEAR, 3),
        )
    SupportRequestFactory(organisation=school, created_by=None)
    return {"registrable": registrable}


# What counts


def test_figures_count_only_public_data(movement):
    figures = public_figures()
    assert figures.years(today=TODAY) == [EARLIER, THIS_YEAR]
    assert figures.totals() == {
        "signatories": 3,
        "actions": 3,
        "places_offered": 10 + 5 + 20,
        "places_taken": 4,
        "events": 2,
        "attendance": 15,
        "stories": 1,
        "requests_answered": 3,
        "schools_helped": 2,
        "progress_reports": 0,
    }
    assert figures.totals(EARLIER) == {
        "signatories": 1,
        "actions": 1,
        "places_offered": 5,
        "places_taken": 0,
        "events": 1,
        "attendance": 0,
        "stories": 0,
        "requests_answered": 0,
        "schools_helped": 0,
        "progress_reports": 0,
    }
    first, second = ActionType.objects.order_by("position")[:2]
    assert figures.per_action_type() == [
        (first.name_nl, first.name_en, 2),
        (second.name_nl, second.name_en, 1),
    ]
    assert figures.per_action_type(EARLIER) == [(second.name_nl, second.name_en, 1)]
    assert figures.month_rows(THIS_YEAR)[0]["signatories"] == 2


def test_figures_take_out_what_is_unpublished_later(movement):
    """Withdrawing an action, a signature or a story takes it out of the figures."""
    from stemcharter.actions.models import Action

    before = public_figures().totals()
    Action.objects.filter(pk=movement["registrable"].pk).update(status="withdrawn")
    Signature.objects.filter(organisation__name="Alfa").update(status="withdrawn")
    after = public_figures().totals()
    assert after["actions"] == before["actions"] - 1
    assert after["places_offered"] == before["places_offered"] - 10
    assert after["places_taken"] == 0  # its registrations no longer count either
    assert after["signatories"] == before["signatories"] - 1


def test_figures_months_are_brussels_months():
    # 23:30 UTC on 31 December is 00:30 on 1 January in Brussels: the next year.
    make_signatory(
        name="Laat", decided_at=datetime.datetime(EARLIER, 12, 31, 23, 30, tzinfo=datetime.UTC)
    )
    make_signatory(
        name="Vroeg", decided_at=datetime.datetime(EARLIER, 12, 31, 22, 30, tzinfo=datetime.UTC)
    )
    figures = public_figures()
    assert figures.totals(EARLIER)["signatories"] == 1
    assert figures.totals(EARLIER + 1)["signatories"] == 1
    assert figures.month_rows(EARLIER + 1)[0]["signatories"] == 1


# The pages


def test_private_persons_who_signed_are_not_counted_as_organisations(client, movement):
    """An individual (``Category.INDIVIDUAL``) who signed is a private person: no public
    figure counts them among the organisations, on the page, its description or a year's."""
    make_signatory(name="Jan Janssens", category=Category.INDIVIDUAL, decided_at=at(THIS_YEAR, 1))
    make_signatory(name="An Peeters", category=Category.INDIVIDUAL, decided_at=at(EARLIER, 5))
    figures = public_figures()
    assert figures.totals()["signatories"] == 3
    assert figures.totals(THIS_YEAR)["signatories"] == 2
    assert figures.totals(EARLIER)["signatories"] == 1
    assert figures.month_rows(THIS_YEAR)[0]["signatories"] == 2
    html = client.get(page_url()).content.decode()
    # The words say what is counted: organisations, and that private persons are not.
    assert "<strong>3</strong> organisations signed" in html
    assert "(private persons who signed are not counted here)" in html
    assert "3 organisations that signed" in html  # the page's description
    assert "3 signatories" not in html  # a word the other pages use with private persons
    html = client.get(year_url(THIS_YEAR)).content.decode()
    assert "<strong>2</strong> new organisations signed" in html
    assert "(private persons who signed are not counted here)" in html
    assert "signatories" not in html.split("<h1>")[0]  # nor in the description
    assert "Jan Janssens" not in html


def test_numbers_page_shows_the_figures_and_the_charts_with_their_tables(client, movement):
    response = client.get(page_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>The STEM-charter in numbers</h1>" in html
    assert "<strong>3</strong> organisations signed" in html
    assert "<strong>35</strong> places offered" in html
    assert "<strong>4</strong> places taken through this site" in html
    assert "<strong>2</strong> schools helped" in html
    # Three charts, each an image with its table.
    assert html.count('role="img"') == 3
    assert html.count('<table class="chart-table"') == 3
    assert "The movement per year: the numbers" in html
    assert row_heading(EARLIER) in html
    # The years with a page are linked; the empty year between them is not.
    assert f'href="/en/in-cijfers/{EARLIER}/"' in html
    assert f'href="/en/in-cijfers/{THIS_YEAR}/"' in html
    assert f'href="/en/in-cijfers/{EARLIER + 1}/"' not in html
    assert 'href="/en/sneeuwbal/"' in html


def test_numbers_page_in_dutch(client, movement):
    with translation.override("nl"):
        url = reverse("insight:numbers")
    assert url == "/in-cijfers/"
    html = client.get(url).content.decode()
    assert '<html lang="nl">' in html
    assert html.count('role="img"') == 3


def test_numbers_page_without_anything(client):
    response = client.get(page_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing has been published yet." in html
    assert 'role="img"' not in html


def test_year_page_shows_the_year_and_links_the_other_years(client, movement):
    response = client.get(year_url(EARLIER))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>The STEM-charter in {EARLIER}</h1>" in html
    assert "<strong>1</strong> new organisation signed" in html
    assert "<strong>1</strong> event held" in html
    assert html.count('role="img"') == 2  # month by month, per type
    assert row_heading("December") in html
    # No previous year; the next one with figures (the empty one between is skipped).
    assert 'rel="prev"' not in html
    assert f'<a href="/en/in-cijfers/{THIS_YEAR}/" rel="next">' in html
    html = client.get(year_url(THIS_YEAR)).content.decode()
    assert f'<a href="/en/in-cijfers/{EARLIER}/" rel="prev">' in html
    assert 'rel="next"' not in html
    # This year: the months so far only.
    month = datetime.date(THIS_YEAR, TODAY.month, 1).strftime("%B")
    assert row_heading(month) in html
    if TODAY.month < 12:
        assert row_heading("December") not in html


def test_year_page_names_only_the_public_stories_and_events_of_its_year(client, movement):
    html = client.get(year_url(THIS_YEAR)).content.decode()
    assert "Verhaal gepubliceerd" in html
    assert "Evenement dit jaar" in html
    for hidden in (
        "Verhaal concept",
        "Verhaal afgewezen",
        "Evenement vroeger",  # another year
        "Evenement concept",
        "Evenement geannuleerd",
        "Evenement straks",  # not held yet
    ):
        assert hidden not in html, hidden
    html = client.get(year_url(EARLIER)).content.decode()
    assert "Evenement vroeger" in html
    assert "Verhaal gepubliceerd" not in html


def test_year_page_can_be_shared(client, movement):
    html = client.get(year_url(THIS_YEAR)).content.decode()
    title = f"The STEM-charter in {THIS_YEAR}"
    assert f'<meta property="og:title" content="{title}">' in html
    description = re.search(r'<meta property="og:description" content="([^"]*)">', html)[1]
    assert description == (
        f"The STEM-charter in {THIS_YEAR}: new organisations signed 2, actions published 2, "
        "events held 1, stories published 1."
    )
    assert "https://www.linkedin.com/sharing/share-offsite/" in html


@pytest.mark.parametrize(
    "path",
    [
        f"/en/in-cijfers/{EARLIER + 1}/",  # nothing that year
        f"/en/in-cijfers/{THIS_YEAR + 1}/",  # to come
        "/en/in-cijfers/1/",
        "/en/in-cijfers/0/",
        "/en/in-cijfers/-1/",
        "/en/in-cijfers/abc/",
        "/en/in-cijfers/1234567890123456789012/",  # no id: no query with it
        f"/en/in-cijfers/0{THIS_YEAR}/",  # one address per year
    ],
)
def test_year_page_not_found(client, movement, path):
    response = client.get(path)
    assert response.status_code == 404


def test_a_year_with_only_a_future_event_has_no_page(client):
    """An event still to come next year makes no page for next year (only what happened)."""
    PublishedEventFactory(
        starts_at=at(THIS_YEAR + 1, 3), ends_at=at(THIS_YEAR + 1, 3) + datetime.timedelta(hours=2)
    )
    assert client.get(year_url(THIS_YEAR + 1)).status_code == 404
    assert client.get(page_url()).status_code == 200


@pytest.mark.parametrize("query", ["?page=abc", "?x=%00", "?year=%3Cscript%3E&utm_source=x"])
def test_numbers_pages_ignore_query_strings(client, movement, query):
    assert client.get(page_url() + query).status_code == 200
    assert client.get(year_url(THIS_YEAR) + query).status_code == 200


def test_numbers_pages_refuse_a_post(client, movement):
    assert client.post(page_url()).status_code == 405
    assert client.post(year_url(THIS_YEAR)).status_code == 405


def test_numbers_is_linked_from_the_footer_and_the_snowball(client):
    html = client.get("/en/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/en/in-cijfers/"' in footer
    assert 'href="/en/in-cijfers/"' in client.get("/en/sneeuwbal/").content.decode()


# Cache and cost


def test_a_new_published_action_changes_the_figures_at_once(movement):
    first = Client().get(page_url())
    assert first["X-Page-Cache"] == "miss"
    assert "<strong>3</strong> actions published" in first.content.decode()
    assert Client().get(page_url())["X-Page-Cache"] == "hit"
    assert Client().get(year_url(THIS_YEAR))["X-Page-Cache"] == "miss"
    assert Client().get(year_url(THIS_YEAR))["X-Page-Cache"] == "hit"
    before = content_generation()
    publish(ActionFactory(organisation=make_signatory(name="Nieuw")))
    assert content_generation() != before
    fresh = Client().get(page_url())
    assert fresh["X-Page-Cache"] == "miss"
    assert "<strong>4</strong> actions published" in fresh.content.decode()
    year = Client().get(year_url(THIS_YEAR))
    assert year["X-Page-Cache"] == "miss"
    assert "<strong>3</strong> actions published" in year.content.decode()


def test_the_pages_are_public_for_anonymous_visitors(movement):
    for url in (page_url(), year_url(THIS_YEAR)):
        response = Client().get(url)
        assert not response.cookies
        assert "public" in response["Cache-Control"]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow(count: int, start: int) -> None:
    """``count`` more of everything: signatories, actions with registrations, events, stories
    and delivered requests, over this year and the earlier one."""
    for number in range(start, start + count):
        year = THIS_YEAR if number % 2 else EARLIER
        make_signatory(name=f"Groei {number}", decided_at=at(year, 1 + number % 12, 1))
        action = PublishedActionFactory(
            places=number + 1,
            participation="registration",
            participation_email="",
            first_published_at=at(year, 1 + number % 12, 1),
        )
        register(action, 2)
        PublishedEventFactory(
            starts_at=at(year, 2), ends_at=at(year, 2) + datetime.timedelta(hours=1)
        )
        PublishedStoryFactory(first_published_at=at(year, 5))
        SupportRequestFactory(
            status=SupportRequest.Status.DELIVERED,
            decided_at=at(year, 2),
            delivered_at=at(year, 3),
        )


@pytest.mark.parametrize("which", ["page", "year"])
def test_numbers_pages_use_a_constant_number_of_queries(client, which):
    url = page_url() if which == "page" else year_url(THIS_YEAR)
    grow(2, 0)
    count_queries(client, url)  # the process's own caches (content types) warm up first
    grow(2, 2)
    small = count_queries(client, url)
    grow(20, 4)
    large = count_queries(client, url)
    assert large == small
    # figures.public_figures, and for a year's overview figures.year_highlights: nothing else
    assert small == (7 if which == "page" else 9)


def test_public_figures_reads_seven_queries(django_assert_num_queries, movement):
    with django_assert_num_queries(7):
        public_figures()


def test_the_numbers_are_in_the_sitemap(client, settings, movement):
    settings.SITE_URL = "https://stem.example"
    index = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://stem.example/sitemap-numbers.xml</loc>" in index
    section = client.get("/sitemap-numbers.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", section)
    assert locations == [
        "https://stem.example/in-cijfers/",
        "https://stem.example/en/in-cijfers/",
        f"https://stem.example/in-cijfers/{EARLIER}/",
        f"https://stem.example/en/in-cijfers/{EARLIER}/",
        f"https://stem.example/in-cijfers/{THIS_YEAR}/",
        f"https://stem.example/en/in-cijfers/{THIS_YEAR}/",
    ]
    assert 'hreflang="en"' in section


def test_only_published_progress_reports_count_by_the_year_they_report_on(movement):
    """Progress reports (issue 15, point 2): a published one counts for the year it reports on;
    a draft, a sent or a rejected one, and a published one's working copy, do not."""
    published = ProgressReport.objects.create(
        organisation=make_signatory(name="Rapport"),
        year=EARLIER,
        slug=str(EARLIER),
        status="published",
        first_published_at=at(THIS_YEAR, 1),
    )
    ProgressReport.objects.create(
        organisation=published.organisation,
        year=EARLIER,
        slug=str(EARLIER),
        status="draft",
        revision_of=published,
    )
    for number, status in enumerate(("draft", "submitted", "rejected")):
        ProgressReport.objects.create(
            organisation=make_signatory(name=f"Nog niet {number}"),
            year=EARLIER,
            slug=str(EARLIER),
            status=status,
        )
    figures = public_figures()
    assert figures.totals(EARLIER)["progress_reports"] == 1
    assert figures.totals(THIS_YEAR)["progress_reports"] == 0
    assert figures.totals()["progress_reports"] == 1
    with translation.override("en"):
        page = Client().get(year_url(EARLIER)).content.decode()
    assert "<strong>1</strong> progress report published" in page


# Kept figures: counted by the task worker, never a month kept from another count


@pytest.fixture
def worker_later(settings):
    """A task backend that keeps what is enqueued until the test runs it (the worker later),
    and the figures already counted once (the first visit). The cache is shared by the web
    process and the worker (as Redis in production: ``SHARED_CACHE``)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.SHARED_CACHE = True
    from django_tasks import task_backends

    backend = task_backends["default"]
    backend.clear()
    return backend


def time_machine_at(moment: datetime.datetime):
    """``timezone.now()`` is ``moment`` inside."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def _earlier_action():
    from stemcharter.actions.models import Action

    return Action.objects.published().get(first_published_at__year=EARLIER)


def _take_offline(movement):
    action = _earlier_action()
    action.status = "withdrawn"
    action.save()
    return -1


def _delete(movement):
    _earlier_action().delete()
    return -1


def _published_later_with_an_earlier_date(movement):
    # Published again (or imported) after its month closed: it keeps its first publication.
    PublishedActionFactory(first_published_at=at(EARLIER, 6))
    return +1


def _event_moved_into_a_closed_month(movement):
    from stemcharter.events.models import Event

    event = Event.objects.get(title="Evenement straks")
    event.starts_at = at(EARLIER, 6)
    event.ends_at = at(EARLIER, 6) + datetime.timedelta(hours=1)
    event.save()
    return 0


CLOSED_MONTH_CHANGES = [
    _take_offline,
    _delete,
    _published_later_with_an_earlier_date,
    _event_moved_into_a_closed_month,
]


@pytest.mark.parametrize("change", CLOSED_MONTH_CHANGES)
def test_a_change_in_a_closed_month_shows_once_the_worker_counted_again(
    movement, worker_later, change
):
    """A change that touches a month long closed (EARLIER's June) is not missed: the page built
    from the figures counted before it is served, but not kept (no-cache), while the worker
    counts again; its next count shows the change, in that month and in the totals."""
    from stemcharter.insight.tasks import public_figures_refresh_task

    first = Client().get(year_url(EARLIER))
    assert first.status_code == 200
    assert "public" in first["Cache-Control"]
    before = public_figures().month_rows(EARLIER)[5]
    actions_before = before["actions"]
    events_before = before["events"]

    delta = change(movement)
    stale = Client().get(year_url(EARLIER))
    assert "no-cache" in stale["Cache-Control"]
    assert Client().get(year_url(EARLIER)).get("X-Page-Cache") != "hit"  # not kept
    assert len(worker_later.results) == 1  # the worker is asked once, not per visitor
    Client().get(page_url())
    assert len(worker_later.results) == 1

    public_figures_refresh_task.call()  # the worker
    from stemcharter.insight.figures import kept_public_figures

    kept = kept_public_figures()
    assert kept.fresh
    june = kept.figures.month_rows(EARLIER)[5]
    assert june["actions"] == actions_before + delta
    if change is _event_moved_into_a_closed_month:
        assert june["events"] == events_before + 1
    assert kept.figures.totals() == public_figures().totals()  # as counted from scratch
    fresh = Client().get(year_url(EARLIER))
    assert "public" in fresh["Cache-Control"]
    assert "no-cache" not in fresh["Cache-Control"]
    assert Client().get(year_url(EARLIER))["X-Page-Cache"] == "hit"


def test_fresh_figures_are_served_without_a_query_or_a_task(movement, worker_later):
    from stemcharter.insight.figures import kept_public_figures

    kept_public_figures()  # the first count, in the request: nothing kept yet
    assert worker_later.results == []
    with CaptureQueriesContext(connection) as queries:
        kept = kept_public_figures()
    assert kept.fresh
    assert len(queries) == 0
    assert worker_later.results == []


def test_figures_older_than_a_minute_are_counted_again(movement, worker_later, settings):
    """Seats taken by registrations move no generation: the figures are counted again once
    they are older than ``PUBLIC_PAGES_MAX_AGE``, as every cached public page."""
    from stemcharter.insight.figures import kept_public_figures

    kept_public_figures()
    register(movement["registrable"], 5)  # a registration: no change to public content
    later = timezone.now() + datetime.timedelta(seconds=settings.PUBLIC_PAGES_MAX_AGE + 1)
    with time_machine_at(later):
        assert not kept_public_figures().fresh
    assert len(worker_later.results) == 1


def test_without_a_worker_the_figures_are_counted_in_the_request(movement, worker_later):
    """The worker down or far behind: figures older than ``STALE_AT_MOST`` are never served."""
    from stemcharter.insight.figures import STALE_AT_MOST, kept_public_figures

    kept_public_figures()
    _take_offline(movement)
    assert kept_public_figures().fresh is False
    later = timezone.now() + datetime.timedelta(seconds=STALE_AT_MOST + 1)
    with time_machine_at(later):
        kept = kept_public_figures()
    assert kept.fresh
    assert kept.figures.totals()["actions"] == 2


@pytest.fixture
def worker_apart(settings):
    """The quick start (``scripts/start``): runserver and a separate ``db_worker``, no
    CACHE_URL, so each process has its own local-memory cache (``SHARED_CACHE`` false, as the
    settings derive it). ``run`` runs the figures' task as that worker does: with a cache of
    its own, not the web process's."""
    from django.core.cache.backends.locmem import LocMemCache

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.SHARED_CACHE = False
    from django_tasks import task_backends

    backend = task_backends["default"]
    backend.clear()
    own = LocMemCache("worker-process", {})
    own.clear()

    def run():
        from stemcharter.insight.tasks import public_figures_refresh_task

        with (
            mock.patch("stemcharter.insight.figures.cache", own),
            mock.patch("stemcharter.common.page_cache.cache", own),
        ):
            for result in list(backend.results):
                if result.task.func is public_figures_refresh_task.func:
                    public_figures_refresh_task.call()
            backend.clear()

    return run


def test_cache_per_process_the_settings_say_so():
    """The settings derive ``SHARED_CACHE`` from the default cache: local memory (the tests',
    the quick start's) is one per process."""
    from django.conf import settings as django_settings

    assert django_settings.SHARED_CACHE is False


def test_a_change_shows_at_once_with_a_cache_per_process(movement, worker_apart):
    """runserver and a separate worker, each with its own memory: a change made in the web
    process shows on the next visit (counted there), not after ``STALE_AT_MOST``."""
    from stemcharter.insight.figures import kept_public_figures

    before = kept_public_figures().figures.totals()["actions"]
    _take_offline(movement)
    worker_apart()  # the worker counts into its own memory: the web process never sees it
    kept = kept_public_figures()
    assert kept.fresh
    assert kept.figures.totals()["actions"] == before - 1
    page = Client().get(page_url())
    assert "public" in page["Cache-Control"]


def test_a_change_from_another_process_shows_within_the_minute(movement, worker_apart, settings):
    """A change this process did not see (made by the worker or a command: the generation kept
    in this process's memory did not move) shows once the figures are a minute old, as every
    cached public page; the figures kept in another process's memory are never waited for."""
    from stemcharter.common import page_cache
    from stemcharter.insight.figures import kept_public_figures

    before = kept_public_figures().figures.totals()["actions"]
    generation = page_cache.content_generation()
    _take_offline(movement)
    # The change was made elsewhere: this process's generation stays where it was.
    page_cache.cache.set(page_cache.GENERATION_KEY, generation, timeout=None)
    assert kept_public_figures().figures.totals()["actions"] == before  # within the minute
    worker_apart()
    later = timezone.now() + datetime.timedelta(seconds=settings.PUBLIC_PAGES_MAX_AGE + 1)
    with time_machine_at(later):
        kept = kept_public_figures()
    assert kept.fresh
    assert kept.figures.totals()["actions"] == before - 1
