"""The back office's event form: a published event a signatory proposed is changed by its
region's contact point; two people editing at once get the conflict message; the organiser
chooses how places are given (first come, or on approval)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from stemcharter.common.concurrency import VERSION_FIELD, version_of
from stemcharter.common.tests.roles import make_user
from stemcharter.events.models import Event
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.registrations.tests.factories import visitor_registers
from stemcharter.reviews.models import ReviewStatus
from stemcharter.reviews.services import revision_start

from .. import services
from .factories import CharterEventFactory, PublishedEventFactory
from .test_backoffice import _post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _edit(event) -> str:
    return f"/en/beheer/evenementen/{event.slug}/"


def test_a_contact_point_changes_a_published_signatorys_event_of_their_region(client):
    brugge = Subregion.objects.get(slug="brugge")
    event = PublishedEventFactory(organisation=make_signatory(), subregions=[brugge])
    client.force_login(make_user("contact_point", subregion=brugge))
    assert event.title in client.get("/en/beheer/evenementen/").text
    page = client.get(_edit(event)).text
    assert "proposed this event and a reviewer published it" in page
    response = client.post(_edit(event), _post(title="Nieuwe zaal", venue_name="Het Pand"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.venue_name, event.title) == ("Het Pand", "Nieuwe zaal")
    assert event.organisation is not None
    assert event.status == ReviewStatus.PUBLISHED


def test_a_contact_point_of_another_region_gets_403_on_a_signatorys_event(client):
    event = PublishedEventFactory(
        organisation=make_signatory(), subregions=[Subregion.objects.get(slug="gent")]
    )
    client.force_login(make_user("contact_point", subregion=Subregion.objects.get(slug="brugge")))
    assert client.get(_edit(event)).status_code == 403
    assert client.post(_edit(event), _post(venue_name="Het Pand")).status_code == 403
    assert client.post(f"{_edit(event)}annuleren/", {"reason": "Overgenomen"}).status_code == 403
    event.refresh_from_db()
    assert event.venue_name == "Zaal De Vonk"
    assert not event.is_cancelled


def test_two_people_editing_at_once_get_the_conflict_message(client):
    brugge = Subregion.objects.get(slug="brugge")
    event = CharterEventFactory(subregions=[brugge], title="STEM-café Brugge")
    client.force_login(make_user("coordinator"))
    page = client.get(_edit(event)).text
    opened = version_of(event)
    assert f'name="{VERSION_FIELD}" value="{opened}"' in page
    # Someone else saves first (another tab, another person).
    first = client.post(_edit(event), _post(venue_name="Het Pand", **{VERSION_FIELD: opened}))
    assert first.status_code == 302
    # The page opened before that saves another change: refused, what was typed kept.
    second = client.post(
        _edit(event), _post(summary="Een andere samenvatting.", **{VERSION_FIELD: opened})
    )
    assert second.status_code == 200
    text = second.text
    assert "Someone changed this" in text
    assert "Venue: Het Pand" in text  # the current value of a field that differs
    assert "Een andere samenvatting." in text
    event.refresh_from_db()
    assert event.venue_name == "Het Pand"
    assert event.summary != "Een andere samenvatting."
    # Saving again from that page (now at the current version) overwrites deliberately.
    again = client.post(
        _edit(event),
        _post(summary="Een andere samenvatting.", **{VERSION_FIELD: version_of(event)}),
    )
    assert again.status_code == 302
    event.refresh_from_db()
    assert event.summary == "Een andere samenvatting."


def test_a_change_of_the_programme_alone_is_a_new_version():
    event = CharterEventFactory()
    before = version_of(event)
    services.event_update_published(
        event=event,
        by=make_user("coordinator"),
        data={},
        sessions=[services.SessionRow(starts_at=event.starts_at, title="Welkom")],
    )
    event.refresh_from_db()
    assert version_of(event) != before


def test_the_organiser_chooses_on_approval_in_the_back_office(client):
    client.force_login(make_user("coordinator"))
    page = client.get("/en/beheer/evenementen/nieuw/").text
    assert "Who gets a place?" in page
    response = client.post(
        "/en/beheer/evenementen/nieuw/", _post(registration_mode="on_approval", capacity="2")
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.registration_mode == "on_approval"
    registration = visitor_registers(event, "stagiair@example.org")
    assert registration.state == "applied"
    # The registrations' page offers to decide.
    url = reverse("portal:registration-list", kwargs={"type_key": "evenement", "pk": event.pk})
    assert client.get(url).status_code == 200


def test_without_a_choice_it_is_first_come_first_served(client):
    client.force_login(make_user("coordinator"))
    client.post("/en/beheer/evenementen/nieuw/", _post())
    event = Event.objects.get()
    assert event.registration_mode == "first_come"
    assert visitor_registers(event, "a@example.org").state == "registered"


def test_the_mode_does_not_change_once_people_registered(client):
    event = CharterEventFactory(capacity=5, subregions=[Subregion.objects.get(slug="brugge")])
    visitor_registers(event, "a@example.org")
    client.force_login(make_user("coordinator"))
    response = client.post(_edit(event), _post(registration_mode="on_approval"))
    assert response.status_code == 200
    assert "People have registered already" in response.text
    event.refresh_from_db()
    assert event.registration_mode == "first_come"


def test_a_new_version_keeps_the_mode_once_people_registered():
    organisation = make_signatory()
    member = MembershipFactory(organisation=organisation).user
    event = PublishedEventFactory(organisation=organisation, capacity=5)
    visitor_registers(event, "a@example.org")
    copy = revision_start(item=event, by=member)
    with pytest.raises(ValidationError, match="People have registered already"):
        services.event_update(event=copy, by=member, data={"registration_mode": "on_approval"})


def test_a_new_version_of_a_finished_event_keeps_its_time_and_place():
    organisation = make_signatory()
    member = MembershipFactory(organisation=organisation).user
    past = timezone.now() - datetime.timedelta(days=3)
    event = PublishedEventFactory(
        organisation=organisation, starts_at=past, ends_at=past + datetime.timedelta(hours=2)
    )
    copy = revision_start(item=event, by=member)
    later = timezone.now() + datetime.timedelta(days=30)
    with pytest.raises(ValidationError, match="This event is over: its time and place"):
        services.event_update(
            event=copy,
            by=member,
            data={"starts_at": later, "ends_at": later + datetime.timedelta(hours=2)},
        )
    services.event_update(event=copy, by=member, data={"summary": "Een verslag volgt."})
