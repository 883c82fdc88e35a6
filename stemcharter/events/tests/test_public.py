"""``/evenementen/`` and one event's page: what is listed in which order, the filters, what a
page shows, and a number of queries that does not grow with the data."""

import datetime
import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stemcharter.common.fragments import forget_kept
from stemcharter.events.models import Event
from stemcharter.regions.models import Subregion

from .factories import CharterEventFactory, EventFactory, EventSessionFactory, PublishedEventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NOW = timezone.now()


def _at(days: float) -> datetime.datetime:
    return NOW + datetime.timedelta(days=days)


def _event(title: str, days: float, **kwargs) -> Event:
    return CharterEventFactory(
        title=title, starts_at=_at(days), ends_at=_at(days) + datetime.timedelta(hours=2), **kwargs
    )


def _titles(response) -> list[str]:
    return [event.title for event in response.context["events"]]


def test_upcoming_events_soonest_first_and_past_ones_on_their_own_tab(client):
    _event("Later", 20)
    _event("Soon", 2)
    _event("Long ago", -40)
    _event("Last week", -7)
    EventFactory(title="Draft", starts_at=_at(1), ends_at=_at(1.1))
    assert _titles(client.get("/en/evenementen/")) == ["Soon", "Later"]
    assert _titles(client.get("/en/evenementen/voorbij/")) == ["Last week", "Long ago"]
    assert _titles(client.get("/en/evenementen/", {"tab": "past"})) == ["Last week", "Long ago"]


def test_an_event_under_way_is_still_upcoming(client):
    CharterEventFactory(title="Now", starts_at=_at(-0.05), ends_at=_at(0.05))
    assert _titles(client.get("/en/evenementen/")) == ["Now"]


def test_filters_region_audience_and_month(client):
    gent, brugge = Subregion.objects.get(slug="gent"), Subregion.objects.get(slug="brugge")
    _event("Gent public", 3, subregions=[gent])
    _event("Brugge members", 4, subregions=[brugge], audience=Event.Audience.SIGNATORIES)
    _event("Gent later", 70, subregions=[gent])
    assert _titles(client.get("/en/evenementen/", {"subregion": "gent"})) == [
        "Gent public",
        "Gent later",
    ]
    assert _titles(client.get("/en/evenementen/", {"audience": "signatories"})) == [
        "Brugge members"
    ]
    month = timezone.localtime(_at(70)).strftime("%Y-%m")
    assert _titles(client.get("/en/evenementen/", {"month": month})) == ["Gent later"]


def test_unknown_filter_values_are_left_out_with_a_notice(client):
    _event("One", 3)
    response = client.get("/en/evenementen/", {"subregion": "atlantis", "month": "1999-13"})
    assert _titles(response) == ["One"]
    html = response.content.decode()
    assert "There is no region “atlantis”, so we left it out." in html
    assert "We cannot show the month “1999-13”, so we left it out." in html


def test_the_page_of_an_event(client):
    event = _event("STEM-avond", 10, capacity=25)
    EventSessionFactory(event=event, title="Robots in de klas", speaker="Sara")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "STEM-avond" in html
    assert "Robots in de klas" in html
    assert "Sara" in html
    assert "25 places" in html
    assert "Belgian time" in html
    local = timezone.localtime(event.starts_at)
    assert local.strftime("%H:%M") in html
    assert f'href="/en/evenementen/{event.slug}/agenda.ics"' in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["@type"] == "Event"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["startDate"] == local.isoformat()


def test_a_cancelled_event_says_so_on_its_page_and_in_json_ld(client):
    event = _event("Afgelast", 5, event_status=Event.Status.CANCELLED)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "This event is cancelled." in html
    assert "https://schema.org/EventCancelled" in html


def test_a_signatories_only_event_is_shown_to_everyone_and_says_for_whom(client):
    event = _event("Ledenavond", 5, audience=Event.Audience.SIGNATORIES)
    assert _titles(client.get("/en/evenementen/")) == ["Ledenavond"]
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Members of the organisations that signed the STEM-charter." in html


def test_a_signatorys_event_names_its_organiser(client):
    event = PublishedEventFactory(organisation__name="Technopolis")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Technopolis" in html


def test_drafts_and_events_under_review_have_no_page(client):
    draft = EventFactory()
    assert client.get(f"/en/evenementen/{draft.slug}/").status_code == 404
    assert client.get(f"/en/evenementen/{draft.slug}/agenda.ics").status_code == 404


def test_the_main_menu_links_to_events(client):
    html = client.get("/en/").content.decode()
    assert 'href="/en/evenementen/"' in html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]


# A constant number of queries, whatever the number of events


def _make(count: int, start: int = 0) -> None:
    subregions = list(Subregion.objects.order_by("pk")[:5])
    for number in range(start, start + count):
        event = CharterEventFactory(
            title=f"Evenement {number:04}",
            starts_at=_at(1 + number),
            ends_at=_at(1 + number) + datetime.timedelta(hours=2),
            subregions=[subregions[number % 5]],
        )
        EventSessionFactory(event=event)
        EventSessionFactory(event=event)
        past = PublishedEventFactory(
            title=f"Voorbij {number:04}",
            starts_at=_at(-1 - number),
            ends_at=_at(-1 - number) + datetime.timedelta(hours=2),
        )
        past.subregions.add(subregions[(number + 1) % 5])


def _queries(client, url: str, params=None) -> int:
    cache.clear()
    forget_kept()
    # The content types are kept per process once read (as in a running server): read them
    # first, or the count depends on which page read them earlier.
    ContentType.objects.get_for_model(Event)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(queries)


def _measure(client) -> dict:
    first = Event.objects.get(title="Evenement 0000")
    return {
        "list": _queries(client, "/en/evenementen/"),
        "list filtered": _queries(
            client, "/en/evenementen/", {"subregion": "gent", "audience": "public"}
        ),
        "past": _queries(client, "/en/evenementen/voorbij/"),
        "page": _queries(client, first.get_absolute_url()),
        "ics": _queries(client, f"/en/evenementen/{first.slug}/agenda.ics"),
        "feed": _queries(client, "/en/evenementen/agenda.ics"),
        "region feed": _queries(client, "/en/evenementen/regio/gent/agenda.ics"),
    }


def test_public_pages_use_a_constant_number_of_queries(client):
    _make(3)
    small = _measure(client)
    _make(27, start=3)
    large = _measure(client)
    assert large == small
    assert max(large.values()) <= 12, large
    assert len(client.get("/en/evenementen/").context["events"]) == 20


def test_the_feeds_list_new_events_all_and_per_region(client):
    gent = Subregion.objects.get(slug="gent")
    _event("In Gent", 5, subregions=[gent])
    _event("Elders", 6, subregions=[Subregion.objects.get(slug="brugge")])
    rss = client.get("/en/evenementen/feed/rss/").content.decode()
    assert "In Gent" in rss
    assert "Elders" in rss
    assert "STEM-charter Ghent" in rss  # the organiser of an event of the STEM-charter
    atom = client.get("/en/evenementen/feed/gent/atom/").content.decode()
    assert "In Gent" in atom
    assert "Elders" not in atom
