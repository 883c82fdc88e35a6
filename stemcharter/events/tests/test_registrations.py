"""Events take registrations through the one mechanism (registrations): places, waitlist,
signatories-only events, cancellation, the organisers' list."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from stemcharter.common.tests.roles import make_user
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.registrations.models import Registration
from stemcharter.registrations.services import (
    RegistrationRefused,
    registration_cancel,
    registration_confirm,
    registration_create,
)
from stemcharter.registrations.tests.factories import visitor_registers

from ..models import Event
from ..services import event_cancel
from .factories import CharterEventFactory, PublishedEventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def register_url(event) -> str:
    return reverse("registrations:register", kwargs={"type_key": "evenement", "pk": event.pk})


def test_two_seats_two_registered_and_the_third_waits_then_moves_up(client):
    event = CharterEventFactory(capacity=2)
    first = visitor_registers(event, "a@example.org")
    visitor_registers(event, "b@example.org")
    third = visitor_registers(event, "c@example.org")
    assert [first.state, third.state] == ["registered", "waitlisted"]
    page = client.get(event.get_absolute_url()).content.decode()
    assert "It is full." in page
    assert register_url(event) in page
    # The confirmation carries the event's own calendar entry (the UID of its .ics file).
    attachments = [a for message in mail.outbox for a in message.attachments]
    ics = next(a[1] for a in attachments if a[0].endswith(".ics"))
    vevent = next(iter(Calendar.from_ical(ics).walk("VEVENT")))
    assert str(vevent["uid"]).startswith(f"event-{event.pk}@")
    registration_cancel(registration=first)
    third.refresh_from_db()
    assert third.state == "registered"


def test_an_event_for_signatories_only_takes_members_only(client):
    event = CharterEventFactory(audience="signatories", capacity=10)
    with pytest.raises(RegistrationRefused, match="Only members of organisations"):
        visitor_registers(event, "visitor@example.org")
    page = client.get(register_url(event)).content.decode()
    assert "Only members of organisations that signed the STEM-charter" in page
    assert 'name="email"' not in page
    member = make_user("signatory", organisation=make_signatory())
    registration = registration_create(item=event, kind="individual", user=member)
    assert registration.state == "registered"


def test_cancelling_the_event_cancels_every_registration_and_tells_them():
    subregion = SubregionFactory()
    event = PublishedEventFactory(capacity=1, subregions=[subregion])
    visitor_registers(event, "a@example.org")
    visitor_registers(event, "b@example.org")  # waitlisted
    visitor_registers(event, "c@example.org", confirm=False)  # never confirmed
    mail.outbox.clear()
    event_cancel(event=event, by=make_user("coordinator"), reason="Te weinig inschrijvingen")
    states = set(Registration.objects.values_list("state", flat=True))
    assert states == {"cancelled"}
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]


def test_the_region_s_contact_point_manages_the_registrations_and_another_does_not(client):
    subregion = SubregionFactory()
    event = CharterEventFactory(subregions=[subregion])
    visitor_registers(event, "ann@example.org", name="Ann")
    url = reverse("portal:registration-list", kwargs={"type_key": "evenement", "pk": event.pk})
    client.force_login(make_user("contact_point", subregion=subregion))
    assert "Ann" in client.get(url).content.decode()
    client.force_login(make_user("contact_point"))
    assert client.get(url).status_code in (403, 404)


def test_without_a_deadline_registering_and_confirming_close_when_the_event_starts(client):
    """An event of today from 09:00 to 23:00 takes no registrations at 18:49 (issue 12): registering
    is refused, and so is the confirm link of a registration made before the start."""
    now = timezone.now()
    event = CharterEventFactory(capacity=10, registration_deadline=None)
    early = visitor_registers(event, "early@example.org", confirm=False)
    Event.objects.filter(pk=event.pk).update(
        starts_at=now - datetime.timedelta(hours=2), ends_at=now + datetime.timedelta(hours=4)
    )
    event.refresh_from_db()
    message = "This has already started, so you can no longer register."
    with pytest.raises(RegistrationRefused, match=message):
        visitor_registers(event, "late@example.org")
    with pytest.raises(RegistrationRefused, match=message):
        registration_confirm(registration=early)
    early.refresh_from_db()
    assert early.state == "unconfirmed"
    page = client.get(event.get_absolute_url()).content.decode()
    assert message in page
    assert register_url(event) not in page
    response = client.post(
        register_url(event), {"kind": "individual", "name": "Late", "email": "l@example.org"}
    )
    assert message in response.content.decode()
    assert not Registration.objects.filter(email="l@example.org").exists()


def test_a_logged_in_member_is_not_told_to_log_in_and_sees_their_registration(client):
    """Issue 12: on an event for signatories only, a member saw "log in to register in one
    click", also after registering. The anonymous page keeps that text (and stays cached)."""
    event = CharterEventFactory(audience="signatories", capacity=10)
    log_in = "log in to register in one click"
    page = client.get(event.get_absolute_url())
    assert log_in in page.content.decode()
    assert "public" in page["Cache-Control"]
    member = make_user("signatory", organisation=make_signatory())
    client.force_login(member)
    page = client.get(event.get_absolute_url())
    html = page.content.decode()
    assert log_in not in html
    assert register_url(event) in html
    assert "public" not in page.get("Cache-Control", "")
    registration_create(item=event, kind="individual", user=member)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "You have registered for this." in html
    assert "See or cancel your registration" in html
    assert register_url(event) not in html
