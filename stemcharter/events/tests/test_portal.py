"""A signatory proposes an event in the portal, in steps, and sends it for review; a contact
point of its region publishes it through the same review workflow as actions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stemcharter.common.tests.roles import make_user
from stemcharter.events.models import Event
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.reviews.models import CriteriaSet, ReviewStatus
from stemcharter.reviews.services import (
    AssessmentData,
    review_decide,
    review_start,
    review_submit,
)

from .factories import EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def organisation():
    return make_signatory(name="Technopolis", slug="technopolis")


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation).user


def url(name: str, organisation, **kwargs) -> str:
    return reverse(
        f"portal:event-{name}", kwargs={"organisation_slug": organisation.slug, **kwargs}
    )


def test_a_signatory_proposes_an_event_that_is_published_after_review(client, organisation, member):
    client.force_login(member)
    gent = Subregion.objects.get(slug="gent")
    response = client.post(
        url("create", organisation),
        {
            "title": "Doe-dag STEM",
            "summary": "Ontdek STEM met je klas.",
            "description": "Workshops en demo's.",
        },
    )
    event = Event.objects.get()
    assert event.status == ReviewStatus.DRAFT
    assert event.organisation == organisation
    assert response.url == url("step", organisation, pk=event.pk, step="waar-en-wanneer")

    # The check page names what is missing before it can be sent.
    check = client.get(url("check", organisation, pk=event.pk)).text
    assert "Enter a date, for example 2027-03-27." in check
    assert "step 2, Where and when?" in check

    day = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        url("step", organisation, pk=event.pk, step="waar-en-wanneer"),
        {
            "subregion": gent.pk,
            "venue_name": "Technopolis",
            "venue_address": "Technologielaan, 2800 Mechelen",
            "online_url": "",
            "start_date": day.isoformat(),
            "start_time": "09:30",
            "end_date": day.isoformat(),
            "end_time": "09:00",
        },
    )
    assert response.status_code == 200
    assert "The end must be after the start." in response.text

    response = client.post(
        url("step", organisation, pk=event.pk, step="waar-en-wanneer"),
        {
            "subregion": gent.pk,
            "venue_name": "Technopolis",
            "venue_address": "Technologielaan, 2800 Mechelen",
            "online_url": "",
            "start_date": day.isoformat(),
            "start_time": "09:30",
            "end_date": day.isoformat(),
            "end_time": "16:00",
        },
    )
    assert response.url == url("step", organisation, pk=event.pk, step="programma")

    response = client.post(
        url("step", organisation, pk=event.pk, step="deelname"),
        {
            "audience": "public",
            "capacity": "0",
            "deadline_date": (day + datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Enter a number of places of 1 or more, or leave it empty." in response.text
    assert "The registration deadline must be before the start of the event" in response.text

    response = client.post(
        url("step", organisation, pk=event.pk, step="deelname"),
        {
            "audience": "public",
            "capacity": "120",
            "deadline_date": day.isoformat(),
            "deadline_time": "08:00",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.capacity == 120
    assert timezone.localtime(event.starts_at).time() == datetime.time(9, 30)

    # Shown again with what it holds (the times in Brussels time).
    page = client.get(url("step", organisation, pk=event.pk, step="waar-en-wanneer")).text
    assert 'value="09:30"' in page

    response = client.post(url("check", organisation, pk=event.pk))
    assert response.url == url("detail", organisation, pk=event.pk)
    event.refresh_from_db()
    assert event.status == ReviewStatus.SUBMITTED
    assert client.get(f"/en/evenementen/{event.slug}/").status_code == 404

    reviewer = make_user("contact_point", subregion=gent)
    review_start(item=event, by=reviewer)
    criteria_set = CriteriaSet.objects.current().order_by("key").first()
    review_decide(
        item=event,
        by=reviewer,
        decision="publish",
        criteria_set=criteria_set,
        assessments=[
            AssessmentData(criterion.pk, "met") for criterion in criteria_set.criteria.all()
        ],
    )
    event.refresh_from_db()
    assert event.status == ReviewStatus.PUBLISHED
    client.logout()
    page = client.get(f"/en/evenementen/{event.slug}/").text
    assert "Doe-dag STEM" in page
    assert "Technopolis" in page


def test_a_contact_point_sees_a_proposed_event_in_the_review_queue(client, organisation, member):
    gent = Subregion.objects.get(slug="gent")
    event = EventFactory(organisation=organisation, subregions=[gent], title="Voorstel")
    review_submit(item=event, by=member)
    client.force_login(make_user("contact_point", subregion=gent))
    assert "Voorstel" in client.get("/en/beheer/beoordelingen/").text
    page = client.get(f"/en/beheer/beoordelingen/event/{event.pk}/")
    assert page.status_code == 200
    assert "Zaal De Vonk" in page.text  # the event as the reviewer sees it
    assert "Technopolis" in page.text
    client.force_login(make_user("contact_point", subregion=Subregion.objects.get(slug="brugge")))
    assert "Voorstel" not in client.get("/en/beheer/beoordelingen/").text
