"""``/evenementen/`` and an event's page keep what every visitor shares (the list's count,
pages of rows and each row's HTML; the page's data and the HTML around its live parts:
``common.fragments``): a warm request reads nothing, and a change is on the next request, with
no cache emptied in between. The registration state and the "sign the charter here" window
follow the clock; the places left are counted for a logged-in person and kept for anonymous
visitors as the page cache keeps them (new at once when the event becomes full or frees its
last seat)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory
from stemcharter.events.models import Event, EventSignature
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.models import Subregion
from stemcharter.registrations.services import registration_cancel
from stemcharter.registrations.tests.factories import visitor_registers

from .factories import CharterEventFactory, EventSessionFactory, PublishedEventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _views_run(settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request runs its view, as in the benchmark


def _event(title: str, hours: float, **kwargs) -> Event:
    starts = timezone.now() + datetime.timedelta(hours=hours)
    return CharterEventFactory(
        title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **kwargs
    )


def _html(client, url: str, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response.content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# The list


def test_a_warm_list_reads_nothing(client):
    _event("Eerste", 24)
    _event("Tweede", 48)
    _html(client, "/en/evenementen/")
    assert _queries(client, "/en/evenementen/") == 0


def test_the_list_shows_a_renamed_event_a_new_one_and_a_renamed_region_at_once(client):
    gent = Subregion.objects.get(slug="gent")
    first = _event("Eerste", 24, subregions=[gent])
    html = _html(client, "/en/evenementen/")
    assert "Eerste" in html
    assert "1 event" in html

    first.title = "Hernoemd"
    first.save()
    html = _html(client, "/en/evenementen/")
    assert "Hernoemd" in html
    assert "Eerste" not in html

    _event("Nieuw", 48)
    html = _html(client, "/en/evenementen/")
    assert "Nieuw" in html
    assert "2 events" in html

    gent.name_en = "Ghent and around"
    gent.save()
    assert "Ghent and around" in _html(client, "/en/evenementen/")


def test_a_cancelled_event_says_so_on_the_list_at_once(client):
    event = _event("Afgelast straks", 24)
    assert "Cancelled" not in _html(client, "/en/evenementen/")
    event.event_status = Event.Status.CANCELLED
    event.save()
    assert "Cancelled" in _html(client, "/en/evenementen/")


def test_the_upcoming_and_past_tabs_keep_their_own_rows(client):
    _event("Straks", 24)
    _event("Gisteren", -24)
    upcoming = _html(client, "/en/evenementen/")
    past = _html(client, "/en/evenementen/voorbij/")
    assert "Straks" in upcoming
    assert "Gisteren" not in upcoming
    assert "Gisteren" in past
    assert "Straks" not in past
    # Read again from what was kept: still each its own.
    assert "Gisteren" not in _html(client, "/en/evenementen/")
    assert "Straks" not in _html(client, "/en/evenementen/", {"tab": "past"})


# One event's page


def test_a_warm_event_page_reads_nothing_for_an_anonymous_visitor(client):
    event = _event("Warm", 48, capacity=10)
    EventSessionFactory(event=event)
    _html(client, event.get_absolute_url())
    assert _queries(client, event.get_absolute_url()) == 0


def test_the_page_shows_a_change_to_the_event_and_its_programme_at_once(client):
    event = _event("Voor", 48)
    url = event.get_absolute_url()
    assert "Voor" in _html(client, url)

    event.title = "Na"
    event.description = "Een **nieuwe** beschrijving."
    event.save()
    html = _html(client, url)
    assert "Na" in html
    assert "<strong>nieuwe</strong>" in html

    session = EventSessionFactory(event=event, title="Robots in de klas")
    assert "Robots in de klas" in _html(client, url)
    session.title = "Drones in de klas"
    session.save()
    html = _html(client, url)
    assert "Drones in de klas" in html
    assert "Robots in de klas" not in html
    session.delete()
    assert "Drones in de klas" not in _html(client, url)


def test_the_page_shows_a_renamed_organiser_at_once(client):
    organisation = OrganisationFactory(name="Hogeschool Oud")
    event = PublishedEventFactory(organisation=organisation)
    url = event.get_absolute_url()
    assert "Hogeschool Oud" in _html(client, url)
    organisation.name = "Hogeschool Nieuw"
    organisation.save()
    html = _html(client, url)
    assert "Hogeschool Nieuw" in html
    assert "Hogeschool Oud" not in html


def test_a_logged_in_person_sees_the_places_left_now(client):
    client.force_login(UserFactory())
    event = _event("Tien plaatsen", 48, capacity=10)
    url = event.get_absolute_url()
    assert "10 places left of 10." in _html(client, url)
    visitor_registers(event, "an@example.org")
    html = _html(client, url)
    assert "9 places left of 10." in html
    assert "10 places left of 10." not in html


def test_an_anonymous_visitor_sees_the_places_as_the_page_cache_keeps_them(
    client, django_capture_on_commit_callbacks
):
    # As on the cached page (registrations.services._locked): the number left may be up to a
    # minute old, becoming full or freeing the last seat shows at once, and so does any change
    # to public content.
    event = _event("Twee plaatsen", 48, capacity=2)
    url = event.get_absolute_url()
    assert "2 places left of 2." in _html(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        visitor_registers(event, "an@example.org")
    assert "2 places left of 2." in _html(client, url)  # kept
    with django_capture_on_commit_callbacks(execute=True):
        last = visitor_registers(event, "bo@example.org")  # the last seat
    html = _html(client, url)
    assert "It is full." in html
    assert "Join the waitlist" in html
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=last)  # a seat is free again
    assert "1 place left of 2." in _html(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        visitor_registers(event, "cas@example.org")
        visitor_registers(event, "dirk@example.org")  # waitlisted: the event is full
    assert "It is full." in _html(client, url)


def test_registration_and_signing_here_follow_the_clock_without_a_change(client, monkeypatch):
    # Starts tomorrow or later, for two hours: open for registration, not yet signable here
    # (from its first day).
    event = _event("Straks", 30, capacity=10)
    url = event.get_absolute_url()
    html = _html(client, url)
    assert ">Register</a>" in html
    assert "Sign the charter here" not in html
    assert "This event is over" not in html

    # An hour after it started (no content changed): registration is closed, the charter can
    # be signed here.
    started = timezone.now() + datetime.timedelta(hours=31)
    monkeypatch.setattr(timezone, "now", lambda: started)
    html = _html(client, url)
    assert "This has already started, so you can no longer register." in html
    assert ">Register</a>" not in html
    assert "Sign the charter here" in html
    assert "This event is over" not in html

    # Once it is over: the page says so, with no registration part.
    over = started + datetime.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: over)
    html = _html(client, url)
    assert "This event is over. You can still read about it here." in html
    assert 'id="register-title"' not in html


def test_an_unpublished_event_is_a_404_at_once(client):
    event = _event("Weg", 48)
    url = event.get_absolute_url()
    assert client.get(url).status_code == 200
    event.status = "draft"
    event.save()
    assert client.get(url).status_code == 404


def test_the_page_names_an_organisation_that_signed_here_at_once(client):
    event = _event("Met charter", 48)
    url = event.get_absolute_url()
    signature = ApprovedSignatureFactory(organisation__name="Basisschool De Tekenaar")
    assert "Basisschool De Tekenaar" not in _html(client, url)
    EventSignature.objects.create(
        event=event, organisation=signature.organisation, signature=signature
    )
    assert "Basisschool De Tekenaar" in _html(client, url)
