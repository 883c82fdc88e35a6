"""The back office of events: contact points create and change events of their own regions
(published at once), coordinators all; cancelling; the form's messages."""

import datetime

import pytest
from django.utils import timezone

from stemcharter.common.tests.roles import make_user
from stemcharter.events.models import Event
from stemcharter.regions.models import Subregion

from .factories import CharterEventFactory, EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DAY = datetime.date.today() + datetime.timedelta(days=40)


def _post(**changes):
    data = {
        "title": "STEM-café Brugge",
        "summary": "Praktijkvoorbeelden uit de regio.",
        "description": "We delen wat werkt.",
        "subregion": str(Subregion.objects.get(slug="brugge").pk),
        "venue_name": "Bibliotheek Biekorf",
        "venue_address": "Kuipersstraat 3, 8000 Brugge",
        "online_url": "",
        "start_date": DAY.isoformat(),
        "start_time": "19:00",
        "end_date": DAY.isoformat(),
        "end_time": "21:30",
        "audience": "public",
        "capacity": "30",
        "deadline_date": "",
        "deadline_time": "",
        "session-TOTAL_FORMS": "3",
        "session-INITIAL_FORMS": "0",
        "session-MIN_NUM_FORMS": "0",
        "session-MAX_NUM_FORMS": "30",
        "session-0-title": "Welkom",
        "session-0-start_time": "19:00",
        "session-0-speaker": "Contactpunt Brugge",
        "session-1-title": "Praktijkvoorbeeld",
        "session-1-start_time": "19:30",
        "session-1-end_time": "20:15",
    }
    data.update(changes)
    return data


@pytest.fixture
def brugge_contact_point(client):
    user = make_user("contact_point", subregion=Subregion.objects.get(slug="brugge"))
    client.force_login(user)
    return user


def test_a_contact_point_creates_a_published_event_with_its_programme(client, brugge_contact_point):
    response = client.post("/en/beheer/evenementen/nieuw/", _post())
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/beheer/evenementen/{event.slug}/"
    assert event.status == "published"
    assert event.organisation is None
    assert [
        (s.title, timezone.localtime(s.starts_at).time(), s.ends_at is not None)
        for s in event.sessions.all()
    ] == [
        ("Welkom", datetime.time(19, 0), False),
        ("Praktijkvoorbeeld", datetime.time(19, 30), True),
    ]
    assert timezone.localtime(event.starts_at).time() == datetime.time(19, 0)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "STEM-café Brugge" in page
    assert "STEM-charter Bruges" in page or "STEM-charter Brugge" in page
    assert "Praktijkvoorbeeld" in page
    assert "19:00" in page
    assert "21:30" in page


def test_the_form_offers_only_the_contact_points_own_regions(client, brugge_contact_point):
    html = client.get("/en/beheer/evenementen/nieuw/").content.decode()
    assert f'value="{Subregion.objects.get(slug="brugge").pk}"' in html
    assert f'value="{Subregion.objects.get(slug="gent").pk}"' not in html
    response = client.post(
        "/en/beheer/evenementen/nieuw/",
        _post(subregion=str(Subregion.objects.get(slug="gent").pk)),
    )
    assert response.status_code == 200
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_time": "18:00"}, "The end must be after the start."),
        ({"capacity": "0"}, "Enter a number of places of 1 or more, or leave it empty."),
        ({"capacity": "-3"}, "Enter a number of places of 1 or more, or leave it empty."),
        ({"capacity": "999999"}, "Enter at most 10000 places"),
        ({"capacity": "veel"}, "Enter the number of places as a whole number"),
        (
            {"deadline_date": (DAY + datetime.timedelta(days=1)).isoformat()},
            "The registration deadline must be before the start of the event",
        ),
        (
            {"venue_name": "", "venue_address": ""},
            "Enter the venue and its address, or an online link for an online event.",
        ),
        ({"start_date": "2027-02-30"}, "Enter a real date"),
        ({"session-2-start_time": "20:00"}, "Enter the title of this session."),
    ],
)
def test_bad_input_comes_back_with_a_clear_message(client, brugge_contact_point, changes, message):
    response = client.post("/en/beheer/evenementen/nieuw/", _post(**changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "t" * 151}, "Shorten the title to at most 150 characters (it has 151)."),
        ({"summary": "s" * 301}, "Shorten the summary to at most 300 characters (it has 301)."),
        (
            {"description": "d" * 10_001},
            "Shorten the description to at most 10000 characters (it has 10001).",
        ),
        ({"venue_name": "v" * 151}, "Shorten the venue to at most 150 characters (it has 151)."),
        (
            {"venue_address": "a" * 251},
            "Shorten the address to at most 250 characters (it has 251).",
        ),
        (
            {"online_url": "https://meet.example.be/" + "x" * 480},
            "Shorten the link to at most 500 characters (it has 504).",
        ),
        (
            {"session-0-title": "w" * 201},
            "Shorten the title of the session to at most 200 characters (it has 201).",
        ),
        (
            {"session-0-speaker": "p" * 201},
            "Shorten the speaker to at most 200 characters (it has 201).",
        ),
    ],
)
def test_a_text_too_long_for_its_column_gets_a_message_beside_its_field(
    client, brugge_contact_point, changes, message
):
    """Each text field refuses what its column cannot hold, with the house's message (run on
    PostgreSQL too: a value too long for a column there is a 500, not a cut)."""
    response = client.post("/en/beheer/evenementen/nieuw/", _post(**changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Ensure this value" not in html
    assert not Event.objects.exists()


def test_a_cancellation_reason_too_long_gets_a_message(client):
    event = CharterEventFactory(subregions=[Subregion.objects.get(slug="gent")])
    client.force_login(make_user("coordinator"))
    response = client.post(f"/en/beheer/evenementen/{event.slug}/annuleren/", {"reason": "r" * 501})
    assert response.status_code == 200
    assert "Shorten the reason to at most 500 characters (it has 501)." in (
        response.content.decode()
    )
    event.refresh_from_db()
    assert not event.is_cancelled


def test_a_time_the_clock_skips_is_refused(client, brugge_contact_point):
    # 28 March 2027: the clocks go from 02:00 to 03:00 in Brussels.
    response = client.post(
        "/en/beheer/evenementen/nieuw/",
        _post(start_date="2027-03-28", start_time="02:30", end_date="2027-03-28"),
    )
    assert response.status_code == 200
    assert "couldn’t be interpreted in time zone Europe/Brussels" in response.content.decode()
    assert not Event.objects.exists()


def test_a_contact_point_of_another_region_gets_403(client):
    event = CharterEventFactory(subregions=[Subregion.objects.get(slug="gent")])
    client.force_login(make_user("contact_point", subregion=Subregion.objects.get(slug="brugge")))
    assert client.get(f"/en/beheer/evenementen/{event.slug}/").status_code == 403
    assert client.post(f"/en/beheer/evenementen/{event.slug}/", _post()).status_code == 403
    assert client.post(f"/en/beheer/evenementen/{event.slug}/annuleren/").status_code == 403
    event.refresh_from_db()
    assert not event.is_cancelled
    # and the list shows only their own region's events
    assert event.title not in client.get("/en/beheer/evenementen/").content.decode()


def test_a_signatorys_event_not_published_is_not_changed_in_the_back_office(client):
    event = EventFactory()  # a draft
    client.force_login(make_user("coordinator"))
    assert client.get(f"/en/beheer/evenementen/{event.slug}/").status_code == 404


def test_a_coordinator_changes_and_cancels_any_event(client):
    event = CharterEventFactory(subregions=[Subregion.objects.get(slug="gent")])
    client.force_login(make_user("coordinator"))
    response = client.get(f"/en/beheer/evenementen/{event.slug}/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["start_time"] == datetime.time(19, 0)
    data = _post(
        title="Nieuwe titel",
        subregion=str(Subregion.objects.get(slug="gent").pk),
        **{"session-TOTAL_FORMS": "3"},
    )
    response = client.post(f"/en/beheer/evenementen/{event.slug}/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Nieuwe titel"
    assert event.sequence == 1  # the title and times changed
    response = client.post(f"/en/beheer/evenementen/{event.slug}/annuleren/", {"reason": "Storm"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled
    page = client.get(event.get_absolute_url()).content.decode()
    assert "This event is cancelled." in page
    assert "Storm" in page


def test_an_event_that_has_already_ended_is_refused_on_creation(client, brugge_contact_point):
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        "/en/beheer/evenementen/nieuw/", _post(start_date=yesterday, end_date=yesterday)
    )
    assert response.status_code == 200
    assert "This event has already ended." in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("cancelled", "This event is cancelled: its time and place can no longer change."),
        ("finished", "This event is over: its time and place can no longer change."),
    ],
)
def test_a_finished_or_cancelled_event_keeps_its_time_and_place(client, state, message):
    gent = Subregion.objects.get(slug="gent")
    past = timezone.now() - datetime.timedelta(days=3)
    event = CharterEventFactory(
        subregions=[gent], starts_at=past, ends_at=past + datetime.timedelta(hours=2)
    )
    if state == "cancelled":
        Event.objects.filter(pk=event.pk).update(
            starts_at=timezone.now() + datetime.timedelta(days=3),
            ends_at=timezone.now() + datetime.timedelta(days=3, hours=2),
            event_status=Event.Status.CANCELLED,
        )
    event.refresh_from_db()
    before = (event.starts_at, event.venue_name)
    client.force_login(make_user("coordinator"))
    # Moved into the future (and elsewhere): refused, nothing saved.
    response = client.post(f"/en/beheer/evenementen/{event.slug}/", _post(subregion=str(gent.pk)))
    assert response.status_code == 200
    assert message in response.content.decode()
    event.refresh_from_db()
    assert (event.starts_at, event.venue_name) == before


def test_the_back_office_form_says_the_event_is_published_at_once(client, brugge_contact_point):
    html = client.get("/en/beheer/evenementen/nieuw/").content.decode()
    assert "It is published at once." in html
    assert "reviews the event" not in html
