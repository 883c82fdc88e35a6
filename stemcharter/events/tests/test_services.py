"""Writing events: the rules between fields with their messages, who may write where, the
calendar SEQUENCE, cancelling."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stemcharter.audit.models import AuditEntry
from stemcharter.common.tests.roles import make_user
from stemcharter.events import services
from stemcharter.events.models import Event
from stemcharter.events.services import SessionRow
from stemcharter.regions.models import Subregion

from .factories import CharterEventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BRUSSELS = ZoneInfo("Europe/Brussels")
START = datetime.datetime(2027, 3, 11, 19, 0, tzinfo=BRUSSELS)


def _data(**changes):
    data = {
        "title": "STEM-uitwisseling Gent",
        "summary": "Signatarissen delen wat werkt.",
        "description": "Een avond vol praktijkvoorbeelden.",
        "venue_name": "De Krook",
        "venue_address": "Miriam Makebaplein 1, 9000 Gent",
        "online_url": "",
        "starts_at": START,
        "ends_at": START + datetime.timedelta(hours=3),
        "audience": Event.Audience.PUBLIC,
        "capacity": 40,
        "registration_deadline": START - datetime.timedelta(days=2),
        "subregions": [Subregion.objects.get(slug="gent")],
    }
    data.update(changes)
    return data


@pytest.fixture
def coordinator():
    return make_user("coordinator")


@pytest.fixture
def gent_contact_point():
    return make_user("contact_point", subregion=Subregion.objects.get(slug="gent"))


def test_a_contact_point_publishes_an_event_of_the_charter_in_their_region(gent_contact_point):
    event = services.event_create_published(
        by=gent_contact_point,
        data=_data(),
        sessions=[SessionRow(starts_at=START, title="Welkom", speaker="An")],
    )
    assert event.status == "published"
    assert event.organisation is None
    assert event.reviewer == gent_contact_point
    assert event.slug == "stem-uitwisseling-gent"
    assert event.organiser_name() == "STEM-charter Ghent"
    assert [s.title for s in event.sessions.all()] == ["Welkom"]
    assert AuditEntry.objects.filter(code="events.event.created").exists()


def test_a_contact_point_cannot_create_an_event_in_another_region(gent_contact_point):
    with pytest.raises(ValidationError) as error:
        services.event_create_published(
            by=gent_contact_point, data=_data(subregions=[Subregion.objects.get(slug="brugge")])
        )
    assert "regions you are contact point of" in str(error.value)
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": START - datetime.timedelta(hours=1)}, "ends_at", "end must be after"),
        ({"ends_at": START}, "ends_at", "end must be after"),
        ({"capacity": 0}, "capacity", "1 or more"),
        ({"capacity": -5}, "capacity", "1 or more"),
        ({"capacity": 10_001}, "capacity", "at most 10000 places"),
        ({"capacity": 2_000_000_000}, "capacity", "at most 10000 places"),
        (
            {"registration_deadline": START + datetime.timedelta(minutes=1)},
            "registration_deadline",
            "deadline must be before the start",
        ),
        ({"venue_name": "", "online_url": ""}, "venue_name", "or an online link"),
        ({"venue_address": ""}, "venue_address", "address of the venue"),
        ({"subregions": []}, "subregions", "region of the event"),
        ({"starts_at": None}, "starts_at", "date and time the event starts"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(coordinator, changes, field, message):
    with pytest.raises(ValidationError) as error:
        services.event_create_published(by=coordinator, data=_data(**changes))
    assert message in " ".join(error.value.message_dict[field])
    assert not Event.objects.exists()


def test_an_online_event_needs_no_venue(coordinator):
    event = services.event_create_published(
        by=coordinator,
        data=_data(venue_name="", venue_address="", online_url="https://meet.example.org/x"),
    )
    assert event.is_online
    assert event.location_text == "https://meet.example.org/x"


def test_capacity_may_be_empty_for_no_limit(coordinator):
    assert (
        services.event_create_published(by=coordinator, data=_data(capacity=None)).capacity is None
    )


def test_a_session_outside_the_event_is_refused(coordinator):
    with pytest.raises(ValidationError) as error:
        services.event_create_published(
            by=coordinator,
            data=_data(),
            sessions=[SessionRow(starts_at=START - datetime.timedelta(hours=2), title="Te vroeg")],
        )
    assert "during the event" in str(error.value)


def test_the_sequence_rises_when_times_place_or_status_change_not_for_the_text(coordinator):
    event = services.event_create_published(by=coordinator, data=_data())
    assert event.sequence == 0
    event = services.event_update_published(
        event=event, by=coordinator, data={"description": "Nieuwe tekst."}
    )
    event.refresh_from_db()
    assert event.sequence == 0
    services.event_update_published(
        event=event, by=coordinator, data={"starts_at": START + datetime.timedelta(hours=1)}
    )
    event.refresh_from_db()
    assert event.sequence == 1
    services.event_update_published(
        event=event,
        by=coordinator,
        data={"venue_name": "Het Pand", "venue_address": "Onderbergen 1, Gent"},
    )
    event.refresh_from_db()
    assert event.sequence == 2
    services.event_cancel(event=event, by=coordinator, reason="Te weinig inschrijvingen")
    event.refresh_from_db()
    assert event.sequence == 3
    assert event.is_cancelled
    assert event.cancellation_reason == "Te weinig inschrijvingen"


def test_a_contact_point_cannot_change_another_regions_event(gent_contact_point):
    event = CharterEventFactory(subregions=[Subregion.objects.get(slug="brugge")])
    with pytest.raises(ValidationError):
        services.event_update_published(
            event=event, by=gent_contact_point, data={"title": "Overgenomen"}
        )
    event.refresh_from_db()
    assert event.title != "Overgenomen"


def test_cancelling_calls_the_hook_and_records_it(coordinator, monkeypatch):
    event = CharterEventFactory()
    called = []
    original = services.event_cancelled
    monkeypatch.setattr(
        services, "event_cancelled", lambda **kwargs: called.append(kwargs) or original(**kwargs)
    )
    services.event_cancel(event=event, by=coordinator, reason="Storm")
    assert called
    assert called[0]["event"].pk == event.pk
    entry = AuditEntry.objects.get(code="events.event.cancelled")
    assert entry.data["reason"] == "Storm"
    with pytest.raises(ValidationError, match="cancelled already"):
        services.event_cancel(event=event, by=coordinator, reason="Storm")


def test_a_past_event_cannot_be_cancelled(coordinator):
    event = CharterEventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=-2),
    )
    with pytest.raises(ValidationError, match="over"):
        services.event_cancel(event=event, by=coordinator, reason="Storm")


@pytest.mark.parametrize("year", [1900, 9999])
def test_a_start_outside_the_planned_years_is_refused(coordinator, year):
    start = START.replace(year=year)
    with pytest.raises(ValidationError) as error:
        services.event_create_published(
            by=coordinator,
            data=_data(
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=1),
                registration_deadline=None,
            ),
        )
    assert "Choose a start between 2000 and" in str(error.value)


def test_more_places_move_the_waitlist_up_and_fewer_than_taken_are_refused(coordinator):
    from stemcharter.registrations.tests.factories import visitor_registers

    event = services.event_create_published(by=coordinator, data=_data(capacity=1))
    visitor_registers(event, "a@example.org")
    waiting = visitor_registers(event, "b@example.org")
    assert waiting.state == "waitlisted"
    with pytest.raises(ValidationError) as error:
        services.event_update_published(event=event, by=coordinator, data={"capacity": 0})
    assert "places of 1 or more" in str(error.value)
    visitor_registers(event, "c@example.org", kind="group", group_name="5B", pupils=1, adults=0)
    services.event_update_published(event=event, by=coordinator, data={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.state == "registered"  # moved up at once, in order
    with pytest.raises(ValidationError) as error:
        services.event_update_published(event=event, by=coordinator, data={"capacity": 1})
    assert "2 places are taken already" in str(error.value)
