"""The coordinator's "did not report" decision on the signatory's card in the public directory
(``/ondertekenaars/``), through ``organisations.cards``: the same years as its public page,
no query more per card, and the cached page and cards follow the decision."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stemcharter.common.fragments import forget_kept
from stemcharter.organisations.tests.signatories import make_signatories
from stemcharter.progress.models import ProgressReport, YearlyReporting
from stemcharter.progress.services import hide_not_reported, show_as_not_reported

from .conftest import NOT_REPORTED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LIST_URL = "/en/ondertekenaars/"
NOTE = "Did not report on 2026"


def card_of(page: str, name: str) -> str:
    """The HTML of the card whose heading is ``name``."""
    for card in page.split('<li class="card">')[1:]:
        if f">{name}</a>" in card:
            return card.split("</li>")[0]
    raise AssertionError(f"no card of {name}")


def test_the_card_says_what_the_public_page_says(client, signatory, coordinator):
    other = make_signatories(1)[0]
    before = client.get(LIST_URL).text  # kept in the page cache and the cards' cache
    assert NOTE not in before

    show_as_not_reported(organisation=signatory, year=2026, by=coordinator, today=NOT_REPORTED)
    page = client.get(LIST_URL).text
    assert NOTE in card_of(page, signatory.name)
    assert NOTE not in card_of(page, other.name)
    assert "did not report on its progress in 2026" in client.get(signatory.get_absolute_url()).text

    hide_not_reported(organisation=signatory, year=2026, by=coordinator)
    assert NOTE not in card_of(client.get(LIST_URL).text, signatory.name)


def test_the_note_goes_once_the_signatory_sends_its_report(client, signatory, member, coordinator):
    show_as_not_reported(organisation=signatory, year=2026, by=coordinator, today=NOT_REPORTED)
    assert NOTE in card_of(client.get(LIST_URL).text, signatory.name)
    ProgressReport.objects.create(
        organisation=signatory,
        year=2026,
        slug="2026",
        created_by=member,
        submitted_at=timezone.now(),
        status="submitted",
    )  # saved: the cached pages are stale (common.page_cache)
    assert NOTE not in card_of(client.get(LIST_URL).text, signatory.name)


def test_the_latest_year_shown(client, signatory, coordinator):
    for year in (2025, 2026):
        YearlyReporting.objects.create(
            organisation=signatory, year=year, shown_as_not_reported_at=timezone.now()
        )
    card = card_of(client.get(LIST_URL).text, signatory.name)
    assert NOTE in card
    assert "2025" not in card


def count_queries(client) -> int:
    forget_kept()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(queries)


def test_no_query_more_per_card(client, coordinator):
    def mark(organisations):
        for organisation in organisations:
            show_as_not_reported(
                organisation=organisation, year=2026, by=coordinator, today=NOT_REPORTED
            )

    mark(make_signatories(3))
    small = count_queries(client)
    mark(make_signatories(30, start=3))
    large = count_queries(client)
    page = client.get(LIST_URL).text
    assert page.count(NOTE) == 20  # a full page of cards, each with its note
    assert large == small
