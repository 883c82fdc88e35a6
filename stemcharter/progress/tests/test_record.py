"""The platform's records of a signatory's year (progress/record.py), against hand-counted
data, and their query count, which does not grow with the data."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.events.models import EventSignature
from stemcharter.events.tests.factories import PublishedEventFactory
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.progress.record import year_record
from stemcharter.registrations.tests.factories import RegistrableActionFactory, visitor_registers
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory
from stemcharter.support.models import Offer, SupportRequest
from stemcharter.support.tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


def in_year(year: int, month: int = 6) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, 1, 10, 0))


def make_year(organisation, year: int, *, size: int) -> None:
    """``size`` of each kind of record of ``organisation`` in ``year``, and some that do not
    count (other years, drafts, other organisations, offers not accepted or withdrawn).
    Actions count by the year they were first published, offers by the year the school
    accepted them (the rules of ``progress.proof``)."""
    soon = timezone.localdate() + datetime.timedelta(days=5)
    if not organisation.memberships.exists():
        MembershipFactory(organisation=organisation)
    for number in range(size):
        action = RegistrableActionFactory(
            organisation=organisation,
            start_date=soon,
            title=f"Opendag {number}",
            first_published_at=in_year(year, 2 + number),
        )
        visitor_registers(action, f"bezoeker{number}@example.org")
        PublishedEventFactory(organisation=organisation, starts_at=in_year(year))
        PublishedStoryFactory(organisation=organisation, first_published_at=in_year(year))
        offer = OfferFactory(organisation=organisation, status=Offer.Status.ACCEPTED)
        Offer.objects.filter(pk=offer.pk).update(decided_at=in_year(year))
        SupportRequest.objects.filter(pk=offer.support_request_id).update(decided_at=in_year(year))
    # Not counted:
    ActionFactory(organisation=organisation, start_date=soon)  # a draft
    PublishedActionFactory(organisation=organisation, first_published_at=in_year(year - 1))
    PublishedActionFactory(start_date=soon)  # another organisation's
    PublishedStoryFactory(organisation=organisation, first_published_at=in_year(year - 1))
    StoryFactory(organisation=organisation)  # a draft
    OfferFactory(organisation=organisation)  # made, not (yet) accepted by the school
    withdrawn = OfferFactory(organisation=organisation, status=Offer.Status.WITHDRAWN)
    Offer.objects.filter(pk=withdrawn.pk).update(created_at=in_year(year))


def test_the_record_of_a_year(signatory):
    year = (timezone.localdate() + datetime.timedelta(days=5)).year
    make_year(signatory, year, size=2)
    # Named in another organisation's story, signed the charter at another's event: counted.
    named_in = PublishedStoryFactory(first_published_at=in_year(year), title="Samen gebouwd")
    named_in.organisations.add(signatory)
    other_event = PublishedEventFactory(starts_at=in_year(year), title="STEM-dag")
    EventSignature.objects.create(
        event=other_event,
        organisation=signatory,
        signature=signatory.signatures.get(),
    )

    record = year_record(signatory, year)

    json.dumps(record)  # plain JSON data
    assert record["year"] == year
    assert [action["title"] for action in record["actions"]] == ["Opendag 0", "Opendag 1"]
    assert record["actions"][0]["places_offered"] == 10
    assert record["actions"][0]["places_taken"] == 1
    assert record["totals"] == {
        "actions": 2,
        "places_offered": 20,
        "places_taken": 2,
        "events": 3,
        "support_requests_answered": 2,
        "support_offers_accepted": 2,
        "stories": 3,
    }
    organised = {event["title"]: event["organised"] for event in record["events"]}
    assert organised["STEM-dag"] is False
    assert sum(organised.values()) == 2
    assert "Samen gebouwd" in [story["title"] for story in record["stories"]]


def test_a_year_without_anything(signatory):
    record = year_record(signatory, 2001)
    assert record["actions"] == record["events"] == record["support"] == record["stories"] == []
    assert set(record["totals"].values()) == {0}


@pytest.mark.parametrize("size", [1, 4])
def test_the_number_of_queries_does_not_grow_with_the_data(signatory, size):
    year = (timezone.localdate() + datetime.timedelta(days=5)).year
    make_year(signatory, year, size=size)
    with CaptureQueriesContext(connection) as queries:
        year_record(signatory, year)
    assert len(queries) == 5


DATED_RECORD = {
    "year": 2026,
    "totals": {"events": 1, "support_requests_answered": 1, "stories": 1},
    "actions": [],
    "events": [{"title": "STEM-dag", "starts_at": "2026-03-14", "organised": True}],
    "support": [{"title": "Robotlessen", "offered_at": "2026-04-02", "accepted": True}],
    "stories": [{"title": "Samen gebouwd", "published_at": "2026-05-20"}],
}


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", ["14 maart 2026", "2 april 2026", "20 mei 2026"]),
        ("en", ["14 March 2026", "2 April 2026", "20 May 2026"]),
    ],
)
def test_the_record_shows_its_dates_in_words(language, words):
    """The record keeps its dates as ISO text (JSON); the page writes them in words, with the
    ISO form only in ``<time datetime>``."""
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(language):
        html = render_to_string("progress/includes/_record.html", {"record": DATED_RECORD})
    for word in words:
        assert word in html
    assert '<time datetime="2026-03-14">14 ' in html
    assert ">2026-03-14<" not in html
    assert "(2026-" not in html
    # No stray spaces around the date in the brackets: "(14 maart 2026, aanvaard)".
    text = re.sub(r"<[^>]+>", "", html)
    assert not re.search(r"\( | \)| ,", text)


@pytest.mark.usefixtures("english")
def test_the_published_report_on_the_public_page_has_dates_in_words(client, signatory):
    from stemcharter.progress.models import ProgressReport
    from stemcharter.reviews.models import ReviewStatus

    ProgressReport.objects.create(
        organisation=signatory,
        year=2026,
        looking_back="Goed.",
        intentions="Meer.",
        record=DATED_RECORD,
        status=ReviewStatus.PUBLISHED,
        created_by=MembershipFactory(organisation=signatory).user,
    )
    page = client.get(signatory.get_absolute_url()).text
    assert "14 March 2026" in page
    assert "(2026-03-14" not in page
