"""The portal's programme step: a signatory gives the sessions (time, title, speaker) of the
event it proposes, as the back office does, and chooses how places are given."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stemcharter.events.models import Event
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory

from .factories import EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def organisation():
    return make_signatory(name="Technopolis", slug="technopolis")


@pytest.fixture
def member(organisation, client):
    user = MembershipFactory(organisation=organisation).user
    client.force_login(user)
    return user


def url(name: str, organisation, **kwargs) -> str:
    return reverse(
        f"portal:event-{name}", kwargs={"organisation_slug": organisation.slug, **kwargs}
    )


def _rows(*rows, **extra):
    data = {
        "session-TOTAL_FORMS": "3",
        "session-INITIAL_FORMS": "0",
        "session-MIN_NUM_FORMS": "0",
        "session-MAX_NUM_FORMS": "30",
    }
    for index, row in enumerate(rows):
        data.update({f"session-{index}-{name}": value for name, value in row.items()})
    data.update(extra)
    return data


def test_a_signatory_gives_the_programme_in_its_own_step(client, organisation, member):
    event = EventFactory(organisation=organisation)
    step = url("step", organisation, pk=event.pk, step="programma")
    page = client.get(url("step", organisation, pk=event.pk, step="waar-en-wanneer"))
    assert "What is the programme?" in page.text  # the list of steps names it
    assert "What is the programme?" in client.get(step).text
    response = client.post(
        step,
        _rows(
            {"title": "Praktijkvoorbeeld", "start_time": "19:30", "speaker": "An Peeters"},
            {"title": "Welkom", "start_time": "19:00", "end_time": "19:15"},
        ),
    )
    assert response.status_code == 302
    assert response.url == url("step", organisation, pk=event.pk, step="deelname")
    sessions = list(event.sessions.all())
    assert [s.title for s in sessions] == ["Welkom", "Praktijkvoorbeeld"]
    assert timezone.localtime(sessions[1].starts_at).time() == datetime.time(19, 30)
    assert sessions[1].speaker == "An Peeters"
    # Shown again with what it holds, and on the check page.
    assert 'value="Praktijkvoorbeeld"' in client.get(step).text
    check = client.get(url("check", organisation, pk=event.pk)).text
    assert "Praktijkvoorbeeld (An Peeters)" in check


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"title": "Welkom"}, "Enter the time this session starts"),
        ({"start_time": "19:00"}, "Enter the title of this session."),
        ({"title": "Nacht", "start_time": "23:30"}, "Every session takes place during the event"),
        (
            {"title": "Te kort", "start_time": "19:30", "end_time": "19:00"},
            "A session must end after it starts",
        ),
    ],
)
def test_a_wrong_session_comes_back_with_a_clear_message(
    client, organisation, member, row, message
):
    event = EventFactory(organisation=organisation)  # 19:00 to 21:00
    response = client.post(url("step", organisation, pk=event.pk, step="programma"), _rows(row))
    assert response.status_code == 200
    assert message in response.text
    assert not event.sessions.exists()


def test_sessions_need_the_event_s_times_first(client, organisation, member):
    event = EventFactory(organisation=organisation, starts_at=None, ends_at=None)
    response = client.post(
        url("step", organisation, pk=event.pk, step="programma"),
        _rows({"title": "Welkom", "start_time": "19:00"}),
    )
    assert response.status_code == 200
    assert "Fill in when the event takes place first" in response.text


def test_an_empty_programme_is_fine(client, organisation, member):
    event = EventFactory(organisation=organisation)
    response = client.post(url("step", organisation, pk=event.pk, step="programma"), _rows())
    assert response.status_code == 302
    check = client.get(url("check", organisation, pk=event.pk)).text
    assert "No sessions yet" in check


def test_the_check_page_names_a_session_outside_new_times(client, organisation, member):
    event = EventFactory(organisation=organisation)
    client.post(
        url("step", organisation, pk=event.pk, step="programma"),
        _rows({"title": "Welkom", "start_time": "19:00"}),
    )
    Event.objects.filter(pk=event.pk).update(
        starts_at=event.starts_at + datetime.timedelta(days=1),
        ends_at=event.ends_at + datetime.timedelta(days=1),
    )
    check = client.get(url("check", organisation, pk=event.pk)).text
    assert "Every session takes place during the event: Welkom does not." in check


def test_the_signatory_chooses_on_approval(client, organisation, member):
    event = EventFactory(organisation=organisation)
    response = client.post(
        url("step", organisation, pk=event.pk, step="deelname"),
        {"audience": "public", "capacity": "3", "registration_mode": "on_approval"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.registration_mode == "on_approval"
    check = client.get(url("check", organisation, pk=event.pk)).text
    assert "On approval by the organiser" in check
