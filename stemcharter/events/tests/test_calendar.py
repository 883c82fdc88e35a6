"""The calendars: one event's file, the feeds of all events and of a region, and a dated
action's file, each parsed back with ``icalendar``; times in Brussels time across the clock
changes; a stable UID and a SEQUENCE that rises."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.actions.tests.public import publish
from stemcharter.common.tests.roles import make_user
from stemcharter.events import services
from stemcharter.regions.models import Subregion
from stemcharter.reviews.services import revision_start

from .factories import CharterEventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BRUSSELS = ZoneInfo("Europe/Brussels")


def _events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_one_event_as_a_file(client, settings):
    settings.SITE_URL = "https://stem.example.be"
    event = CharterEventFactory(
        title="STEM-avond",
        venue_name="De Krook",
        venue_address="Miriam Makebaplein 1, Gent",
        subregions=[Subregion.objects.get(slug="gent")],
    )
    response = client.get(f"/en/evenementen/{event.slug}/agenda.ics")
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    [vevent] = _events(response)
    assert str(vevent["uid"]) == f"event-{event.pk}@stem.example.be"
    assert str(vevent["summary"]) == "STEM-avond"
    assert str(vevent["url"]) == f"https://stem.example.be/en/evenementen/{event.slug}/"
    assert str(vevent["location"]) == "De Krook, Miriam Makebaplein 1, Gent"
    assert int(vevent["sequence"]) == 0
    assert str(vevent["status"]) == "CONFIRMED"
    assert vevent.decoded("dtstart") == event.starts_at
    assert b"DTSTART;TZID=Europe/Brussels:" in response.content


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        # Saturday 27 March 2027 20:00 (CET) to Sunday 28 March 10:00 (CEST): 13 hours.
        (datetime.datetime(2027, 3, 27, 20), datetime.datetime(2027, 3, 28, 10), 13),
        # Saturday 30 October 2027 20:00 (CEST) to Sunday 31 October 10:00 (CET): 15 hours.
        (datetime.datetime(2027, 10, 30, 20), datetime.datetime(2027, 10, 31, 10), 15),
    ],
)
def test_an_event_across_a_clock_change_keeps_its_brussels_times(client, start, end, hours):
    event = CharterEventFactory(
        starts_at=start.replace(tzinfo=BRUSSELS), ends_at=end.replace(tzinfo=BRUSSELS)
    )
    [vevent] = _events(client.get(f"/en/evenementen/{event.slug}/agenda.ics"))
    dtstart, dtend = vevent.decoded("dtstart"), vevent.decoded("dtend")
    assert (dtstart.hour, dtend.hour) == (20, 10)
    assert str(dtstart.tzinfo) == "Europe/Brussels" or dtstart.tzname() in {"CET", "CEST"}
    assert dtend.astimezone(datetime.UTC) - dtstart.astimezone(datetime.UTC) == datetime.timedelta(
        hours=hours
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "20:00" in html
    assert "10:00" in html


def test_the_feed_of_all_events_and_of_one_region(client):
    gent, brugge = Subregion.objects.get(slug="gent"), Subregion.objects.get(slug="brugge")
    in_gent = CharterEventFactory(title="In Gent", subregions=[gent])
    in_brugge = CharterEventFactory(title="In Brugge", subregions=[brugge])
    CharterEventFactory(
        title="Lang geleden",
        starts_at=timezone.now() - datetime.timedelta(days=90),
        ends_at=timezone.now() - datetime.timedelta(days=90, hours=-2),
    )
    response = client.get("/en/evenementen/agenda.ics")
    assert response["Content-Disposition"].startswith("inline")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "STEM-charter events"
    assert sorted(str(v["summary"]) for v in _events(response)) == ["In Brugge", "In Gent"]
    region = _events(client.get("/en/evenementen/regio/gent/agenda.ics"))
    assert [str(v["uid"]) for v in region] == [f"event-{in_gent.pk}@127.0.0.1"]
    assert in_brugge.pk != in_gent.pk
    assert client.get("/en/evenementen/regio/atlantis/agenda.ics").status_code == 404


def test_a_changed_then_cancelled_event_updates_calendars(client):
    coordinator = make_user("coordinator")
    event = CharterEventFactory()
    services.event_update_published(
        event=event,
        by=coordinator,
        data={
            "starts_at": event.starts_at + datetime.timedelta(hours=1),
            "ends_at": event.ends_at + datetime.timedelta(hours=1),
        },
    )
    services.event_cancel(event=event, by=coordinator, reason="Storm")
    [vevent] = _events(client.get(f"/en/evenementen/{event.slug}/agenda.ics"))
    assert int(vevent["sequence"]) == 2
    assert str(vevent["status"]) == "CANCELLED"
    assert str(vevent["uid"]) == f"event-{event.pk}@127.0.0.1"


# Actions with dates


def test_a_dated_action_as_whole_days(client, settings):
    settings.SITE_URL = "https://stem.example.be"
    day = datetime.date.today() + datetime.timedelta(days=20)
    action = PublishedActionFactory(
        title="Opendeurdag",
        timing=Action.Timing.PERIOD,
        start_date=day,
        end_date=day + datetime.timedelta(days=1),
        location="Labo, Gent",
    )
    page = client.get(action.get_absolute_url()).content.decode()
    assert f'href="/en/acties/{action.slug}/agenda.ics"' in page
    [vevent] = _events(client.get(f"/en/acties/{action.slug}/agenda.ics"))
    assert str(vevent["uid"]) == f"action-{action.pk}@stem.example.be"
    assert vevent.decoded("dtstart") == day
    assert vevent.decoded("dtend") == day + datetime.timedelta(days=2)
    assert str(vevent["location"]) == "Labo, Gent"
    assert str(vevent["url"]) == f"https://stem.example.be/en/acties/{action.slug}/"
    assert int(vevent["sequence"]) == 0


def test_an_action_on_request_has_no_calendar_file(client):
    action = PublishedActionFactory(timing=Action.Timing.ON_REQUEST, start_date=None, end_date=None)
    assert client.get(f"/en/acties/{action.slug}/agenda.ics").status_code == 404
    assert "agenda.ics" not in client.get(action.get_absolute_url()).content.decode()
    draft = ActionFactory()
    assert client.get(f"/en/acties/{draft.slug}/agenda.ics").status_code == 404


def test_an_actions_sequence_rises_when_a_new_version_moves_it(client):
    action = PublishedActionFactory()
    admin = make_user("signatory", organisation=action.organisation)
    copy = revision_start(item=action, by=admin)
    copy.start_date = copy.end_date = action.start_date + datetime.timedelta(days=7)
    copy.save()
    publish(copy)
    action.refresh_from_db()
    assert action.calendar_sequence == 1
    [vevent] = _events(client.get(f"/en/acties/{action.slug}/agenda.ics"))
    assert int(vevent["sequence"]) == 1
    assert vevent.decoded("dtstart") == action.start_date
    # A change of the text only: the calendar keeps its version.
    action.summary = "Andere samenvatting"
    action.save()
    action.refresh_from_db()
    assert action.calendar_sequence == 1
