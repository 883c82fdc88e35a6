"""The workspace on the back-office home (``/beheer/``): a contact point sees what waits for
them in their subregions (items in review with their age, contact messages not handled) and
the signatories there with their commitments; a coordinator sees every subregion, or the one
chosen, and the way to assign contact points. A constant number of queries."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.common.tests.roles import make_user
from stemcharter.contact.models import ContactMessage
from stemcharter.events.tests.factories import CharterEventFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.registrations.registry import RegistrationMode
from stemcharter.registrations.tests.factories import RegistrableActionFactory, visitor_registers
from stemcharter.stories.tests.factories import StoryFactory
from stemcharter.support.models import SupportRequest
from stemcharter.support.tests.factories import OfferFactory, SupportRequestFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HOME = "/en/beheer/"


@pytest.fixture
def gent():
    return Subregion.objects.get(slug="gent")


@pytest.fixture
def leuven():
    return Subregion.objects.get(slug="leuven")


def waiting(subregion, *, title: str, days: int):
    return ActionFactory(
        title=title,
        subregions=[subregion],
        status="submitted",
        submitted_at=timezone.now() - timedelta(days=days),
    )


def message(subregion, *, name: str, handled: bool = False):
    return ContactMessage.objects.create(
        name=name,
        email="ann@example.org",
        topic="other",
        message="Hello",
        language="en",
        subregion=subregion,
        handled_at=timezone.now() if handled else None,
    )


def test_a_contact_point_sees_what_waits_in_their_subregion(client, gent, leuven):
    contact_point = make_user("contact_point", subregion=gent)
    item = waiting(gent, title="Open dag Gent", days=3)
    waiting(leuven, title="Open dag Leuven", days=5)
    StoryFactory(title="Verhaal Gent", subregions=[gent])  # a draft: not waiting
    message(gent, name="Vraag Gent")
    message(gent, name="Beantwoord", handled=True)
    message(leuven, name="Vraag Leuven")
    message(None, name="Algemeen")
    make_signatory(
        name="Gentse Ondertekenaar", subregions=[gent], commitment="Wij openen de deuren."
    )
    make_signatory(name="Leuvense Ondertekenaar", subregions=[leuven])
    client.force_login(contact_point)

    response = client.get(HOME)

    assert response.status_code == 200
    workspace = response.context["workspace"]
    assert [i.title for i in workspace.waiting] == ["Open dag Gent"]
    assert workspace.message_counts["open"] == 1
    assert [o.name for o in workspace.signatories] == ["Gentse Ondertekenaar"]
    content = response.content.decode()
    assert (
        reverse("backoffice:review-detail", kwargs={"type_key": "action", "pk": item.pk}) in content
    )
    assert "3\xa0days" in content  # its age (timesince: a non-breaking space)
    assert "1 contact message not handled" in content
    assert "Gentse Ondertekenaar" in content
    assert "Wij openen de deuren." in content
    assert "Leuvense Ondertekenaar" not in content
    assert "Open dag Leuven" not in content
    # No coordinator's tools.
    assert reverse("backoffice:region-list") not in content
    assert 'name="subregion"' not in content  # one subregion: nothing to choose


def test_a_coordinator_sees_all_regions_or_the_one_chosen(client, gent, leuven):
    waiting(gent, title="Open dag Gent", days=3)
    waiting(leuven, title="Open dag Leuven", days=5)
    message(gent, name="Vraag Gent")
    message(None, name="Algemeen")
    make_signatory(name="Gentse Ondertekenaar", subregions=[gent])
    make_signatory(name="Leuvense Ondertekenaar", subregions=[leuven])
    client.force_login(CoordinatorFactory())

    everything = client.get(HOME).context["workspace"]
    assert [i.title for i in everything.waiting] == ["Open dag Leuven", "Open dag Gent"]
    assert everything.message_counts["open"] == 2
    assert {o.name for o in everything.signatories} == {
        "Gentse Ondertekenaar",
        "Leuvense Ondertekenaar",
    }

    response = client.get(HOME, {"subregion": "gent"})
    chosen = response.context["workspace"]
    assert chosen.chosen == gent
    assert [i.title for i in chosen.waiting] == ["Open dag Gent"]
    assert chosen.message_counts["open"] == 1
    assert [o.name for o in chosen.signatories] == ["Gentse Ondertekenaar"]
    content = response.content.decode()
    assert reverse("backoffice:region-list") in content
    assert reverse("backoffice:subregion-edit", kwargs={"slug": "gent"}) in content
    assert '<option value="gent" selected>' in content

    # An unknown choice: everything, no error.
    assert client.get(HOME, {"subregion": "nergens"}).context["workspace"].chosen is None


def test_a_contact_point_cannot_choose_another_region(client, gent, leuven):
    contact_point = make_user("contact_point", subregion=gent)
    waiting(leuven, title="Open dag Leuven", days=5)
    client.force_login(contact_point)
    workspace = client.get(HOME, {"subregion": "leuven"}).context["workspace"]
    assert workspace.chosen is None
    assert workspace.waiting == []


def aged(support_request, days: int) -> None:
    """Posted ``days`` days ago at noon (Brussels): its age in days whatever the hour the test
    runs (a minute before now would be a day more just after midnight)."""
    noon = datetime.combine(timezone.localdate() - timedelta(days=days), time(12))
    SupportRequest.objects.filter(pk=support_request.pk).update(
        created_at=timezone.make_aware(noon)
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def fill(subregions, *, size: int, start: int = 0) -> None:
    for number in range(start, start + size):
        subregion = subregions[number % len(subregions)]
        waiting(subregion, title=f"Actie {number}", days=number % 9)
        StoryFactory(subregions=[subregion], status="submitted", submitted_at=timezone.now())
        message(subregion, name=f"Vraag {number}")
        make_signatory(name=f"Ondertekenaar {number:03}", subregions=[subregion])
        event = CharterEventFactory(title=f"Evenement {number}", subregions=[subregion], capacity=1)
        for seat in range(number % 3):  # a seat taken, and one on the waitlist
            visitor_registers(event, f"e{number}-{seat}@example.org")
        internship = RegistrableActionFactory(
            subregions=[subregion], registration_mode=RegistrationMode.ON_APPROVAL
        )
        visitor_registers(internship, f"s{number}@example.org")
        support_request = SupportRequestFactory(title=f"Hulpvraag {number}", subregion=subregion)
        aged(support_request, number % 20)
        for _ in range(number % 3):
            OfferFactory(support_request=support_request)


def test_the_workspace_shows_the_regions_events_with_their_registrations(client, gent, leuven):
    contact_point = make_user("contact_point", subregion=gent)
    event = CharterEventFactory(title="STEM-café Gent", subregions=[gent], capacity=2)
    for i in range(3):
        visitor_registers(event, f"p{i}@example.org")
    CharterEventFactory(title="STEM-café Leuven", subregions=[leuven])
    past = CharterEventFactory(title="Voorbij Gent", subregions=[gent])
    past.starts_at = timezone.now() - timedelta(days=3)
    past.ends_at = past.starts_at + timedelta(hours=2)
    past.save()
    internship = RegistrableActionFactory(
        title="Stage Gent", subregions=[gent], registration_mode=RegistrationMode.ON_APPROVAL
    )
    visitor_registers(internship, "s1@example.org")
    visitor_registers(internship, "s2@example.org")
    other = RegistrableActionFactory(
        title="Stage Leuven", subregions=[leuven], registration_mode=RegistrationMode.ON_APPROVAL
    )
    visitor_registers(other, "s3@example.org")
    client.force_login(contact_point)

    response = client.get(HOME)
    workspace = response.context["workspace"]
    assert [e.title for e in workspace.events] == ["STEM-café Gent"]
    [shown] = workspace.events
    assert (shown.registration_seats_taken, shown.registration_waiting) == (2, 1)
    assert [(row.item.title, row.count) for row in workspace.awaiting] == [("Stage Gent", 2)]
    content = response.content.decode()
    assert "Upcoming events and their registrations" in content
    assert "2 of 2" in content
    assert "2 applications" in content
    assert (
        reverse("portal:registration-list", kwargs={"type_key": "evenement", "pk": event.pk})
        in content
    )
    assert (
        reverse("portal:registration-list", kwargs={"type_key": "actie", "pk": internship.pk})
        + "?state=applied"
        in content
    )
    assert (
        "Actions, stories, events and progress reports waiting for review" in content
        or "Nothing waits for review here." in content
    )
    assert "STEM-café Leuven" not in content
    assert "Stage Leuven" not in content
    # The list the links lead to is theirs to see.
    assert (
        client.get(
            reverse("portal:registration-list", kwargs={"type_key": "evenement", "pk": event.pk})
        ).status_code
        == 200
    )


@pytest.mark.parametrize("role", ["contact_point", "coordinator"])
def test_the_workspace_uses_a_constant_number_of_queries(client, gent, leuven, role):
    user = (
        CoordinatorFactory()
        if role == "coordinator"
        else make_user("contact_point", subregion=gent)
    )
    if role == "contact_point":
        leuven.contact_points.add(user)
    client.force_login(user)
    fill([gent, leuven], size=2)
    small = count_queries(client, HOME)
    fill([gent, leuven], size=20, start=2)
    assert count_queries(client, HOME) == small
    assert count_queries(client, HOME + "?subregion=gent") == small


def test_the_workspace_shows_the_open_school_requests_overdue_first(client, gent, leuven, settings):
    settings.SUPPORT_FLAG_CONTACT_POINT_DAYS = 7
    settings.SUPPORT_FLAG_COORDINATORS_DAYS = 14
    client.force_login(make_user("contact_point", subregion=gent))
    recent = SupportRequestFactory(title="Gastles bijen", subregion=gent)
    aged(recent, 2)
    answered = SupportRequestFactory(title="Bedrijfsbezoek chocolade", subregion=gent)
    aged(answered, 12)
    OfferFactory(support_request=answered)
    overdue = SupportRequestFactory(title="Stage elektriciteit", subregion=gent)
    aged(overdue, 8)
    SupportRequestFactory(title="Ingetrokken vraag", subregion=gent, status="withdrawn")
    SupportRequestFactory(title="Vraag uit Leuven", subregion=leuven)
    response = client.get(HOME)
    shown = [row.title for row in response.context["workspace"].support_requests]
    # Overdue first, then the oldest; closed ones and other regions' not at all.
    assert shown == ["Stage elektriciteit", "Bedrijfsbezoek chocolade", "Gastles bijen"]
    content = response.content.decode()
    assert "School requests in your regions" in content
    assert reverse("backoffice:support-request-detail", kwargs={"pk": overdue.pk}) in content
    assert "Overdue: for the contact point" in content
    assert "8 days" in content
    assert reverse("backoffice:support-request-list") in content
