"""What everyone registered hears when an event changes: its time or place (one email each,
in their own language, with the updated calendar entry), or its cancellation (the reason and
the entry struck); the waitlist moves up only when places are added."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar

from stemcharter.common.tests.roles import make_user
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.registrations.links import personal_link_token
from stemcharter.registrations.models import Registration
from stemcharter.registrations.tests.factories import visitor_registers
from stemcharter.reviews.models import CriteriaSet
from stemcharter.reviews.services import (
    AssessmentData,
    review_decide,
    review_start,
    review_submit,
    revision_start,
)

from .. import services
from .factories import CharterEventFactory, PublishedEventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _calendar(message):
    ics = next(a[1] for a in message.attachments if a[0].endswith(".ics"))
    calendar = Calendar.from_ical(ics)
    return calendar, next(iter(calendar.walk("VEVENT")))


def _to(address):
    return [message for message in mail.outbox if message.to == [address]]


@pytest.fixture
def event_with_people():
    """An event with 1 place: one registered, one on the waitlist, one never confirmed."""
    event = CharterEventFactory(capacity=1, subregions=[Subregion.objects.get(slug="brugge")])
    visitor_registers(event, "seat@example.org")
    visitor_registers(event, "wait@example.org", language="nl")
    visitor_registers(event, "unconfirmed@example.org", confirm=False)
    mail.outbox.clear()
    return event


def test_a_new_time_tells_everyone_in_once_with_the_updated_calendar_entry(event_with_people):
    event = event_with_people
    confirmation_sequence = event.sequence
    later = event.starts_at + datetime.timedelta(hours=1)
    services.event_update_published(
        event=event,
        by=make_user("coordinator"),
        data={
            "starts_at": later,
            "ends_at": later + datetime.timedelta(hours=2),
            "venue_name": "Bibliotheek Biekorf",
        },
    )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "seat@example.org",
        "wait@example.org",
    ]
    (seat,) = _to("seat@example.org")
    assert seat.subject == f"[STEM-charter] Changed: {event.title}"
    assert "Starts at: " in seat.body
    assert " → " in seat.body
    assert "Venue: Zaal De Vonk → Bibliotheek Biekorf" in seat.body
    assert "Your registration stays as it is." in seat.body
    calendar, vevent = _calendar(seat)
    assert str(calendar["method"]) == "PUBLISH"  # as in the confirmation
    assert str(vevent["uid"]).startswith(f"event-{event.pk}@")
    assert int(vevent["sequence"]) > confirmation_sequence
    assert vevent.decoded("dtstart") == later
    assert str(vevent["status"]) == "CONFIRMED"
    assert not any(a[0].endswith(".png") for a in seat.attachments)
    # The waitlist hears it in Dutch, its own language, and that it still waits (no entry:
    # it never got one).
    (waiting,) = _to("wait@example.org")
    assert "Locatie: Zaal De Vonk → Bibliotheek Biekorf" in waiting.body
    assert "Venue:" not in waiting.body
    assert not waiting.attachments


def test_the_waitlist_is_told_it_still_waits(event_with_people):
    event = event_with_people
    Registration.objects.filter(email="wait@example.org").update(language="en")
    services.event_update_published(
        event=event, by=make_user("coordinator"), data={"venue_address": "Markt 1, 8000 Brugge"}
    )
    (waiting,) = _to("wait@example.org")
    assert "You are still on the waitlist." in waiting.body
    assert "Address: Zuidpark 1, 9000 Gent → Markt 1, 8000 Brugge" in waiting.body


def test_a_new_title_alone_sends_nothing(event_with_people):
    event = event_with_people
    services.event_update_published(
        event=event, by=make_user("coordinator"), data={"title": "Een nieuwe titel"}
    )
    assert mail.outbox == []


def test_the_email_leaves_when_the_change_commits(
    event_with_people, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_ON_COMMIT = True
    event = event_with_people
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update_published(
            event=event, by=make_user("coordinator"), data={"online_url": "https://meet.be/x"}
        )
        assert mail.outbox == []
    assert len(mail.outbox) == 2


def test_cancelling_tells_everyone_why_with_the_entry_struck(event_with_people):
    event = event_with_people
    sequence = event.sequence
    services.event_cancel(event=event, by=make_user("coordinator"), reason="Storm op komst")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "seat@example.org",
        "wait@example.org",
    ]
    (seat,) = _to("seat@example.org")
    assert "The organiser cancelled" in seat.body
    assert "Storm op komst" in seat.body
    calendar, vevent = _calendar(seat)
    assert str(calendar["method"]) == "PUBLISH"
    assert str(vevent["status"]) == "CANCELLED"
    assert str(vevent["uid"]).startswith(f"event-{event.pk}@")
    assert int(vevent["sequence"]) > sequence
    (waiting,) = _to("wait@example.org")
    assert "Storm op komst" in waiting.body
    assert not waiting.attachments


def test_the_personal_page_says_the_event_was_called_off_and_why(client, event_with_people):
    event = event_with_people
    registration = Registration.objects.for_item(event).get(email="seat@example.org")
    url = f"/en/inschrijving/{personal_link_token(registration)}/"
    assert "called this off" not in client.get(url).content.decode()
    services.event_cancel(event=event, by=make_user("coordinator"), reason="Storm op komst")
    page = client.get(url).content.decode()
    assert "The organiser called this off, so your registration is cancelled." in page
    assert "Storm op komst" in page


@pytest.mark.parametrize(
    ("reason", "message"),
    [("   ", "Say why the event is cancelled"), ("x" * 501, "at most 500 characters")],
)
def test_a_cancellation_needs_a_reason_of_a_sane_length(reason, message):
    event = CharterEventFactory()
    with pytest.raises(ValidationError, match=message):
        services.event_cancel(event=event, by=make_user("coordinator"), reason=reason)
    event.refresh_from_db()
    assert not event.is_cancelled


@pytest.mark.parametrize(
    ("reason", "message"),
    [("", "Say why the event is cancelled"), ("x" * 501, "at most 500 characters (it has 501)")],
)
def test_the_cancel_form_asks_a_reason(client, reason, message):
    event = CharterEventFactory()
    client.force_login(make_user("coordinator"))
    response = client.post(f"/en/beheer/evenementen/{event.slug}/annuleren/", {"reason": reason})
    assert response.status_code == 200
    assert message in response.content.decode()
    event.refresh_from_db()
    assert not event.is_cancelled


def test_the_public_page_shows_the_reason(client):
    event = CharterEventFactory()
    client.force_login(make_user("coordinator"))
    response = client.post(
        f"/en/beheer/evenementen/{event.slug}/annuleren/", {"reason": "De zaal is onder water."}
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "This event is cancelled." in page
    assert "De zaal is onder water." in page


@pytest.mark.parametrize(
    ("before", "after", "promoted"),
    [(1, 1, False), (1, 2, True), (2, 1, False), (1, None, True)],
)
def test_the_waitlist_moves_up_only_when_places_are_added(monkeypatch, before, after, promoted):
    event = CharterEventFactory(capacity=before)
    calls = []
    monkeypatch.setattr(services, "waitlist_promote", lambda item: calls.append(item))
    services.event_update_published(
        event=event, by=make_user("coordinator"), data={"capacity": after}
    )
    assert bool(calls) is promoted


def test_added_places_promote_the_waitlist(event_with_people):
    event = event_with_people
    services.event_update_published(event=event, by=make_user("coordinator"), data={"capacity": 2})
    assert Registration.objects.get(email="wait@example.org").state == "registered"


def test_a_new_version_published_through_review_tells_them_too():
    gent = Subregion.objects.get(slug="gent")
    organisation = make_signatory()
    member = MembershipFactory(organisation=organisation).user
    event = PublishedEventFactory(organisation=organisation, subregions=[gent], capacity=5)
    visitor_registers(event, "seat@example.org")
    copy = revision_start(item=event, by=member)
    services.event_update(event=copy, by=member, data={"venue_name": "Het Pand"})
    review_submit(item=copy, by=member)
    mail.outbox.clear()
    reviewer = make_user("contact_point", subregion=gent)
    review_start(item=copy, by=reviewer)
    criteria_set = CriteriaSet.objects.current().order_by("key").first()
    review_decide(
        item=copy,
        by=reviewer,
        decision="publish",
        criteria_set=criteria_set,
        assessments=[AssessmentData(c.pk, "met") for c in criteria_set.criteria.all()],
    )
    (seat,) = _to("seat@example.org")
    assert "Venue: Zaal De Vonk → Het Pand" in seat.body
    _, vevent = _calendar(seat)
    event.refresh_from_db()
    assert int(vevent["sequence"]) == event.sequence > 0
