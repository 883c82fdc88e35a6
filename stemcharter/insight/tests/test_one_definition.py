"""One definition per figure: the coordinators' dashboard (``selectors``) and the public numbers
(``figures.public_figures``) count the same rows for every figure both show, over all years
and per year; the public figures only leave out the private persons who signed."""

import datetime

import pytest
from django.utils import timezone

from stemcharter.events.models import Event
from stemcharter.insight import selectors
from stemcharter.insight.figures import public_figures
from stemcharter.insight.selectors import DashboardFilters
from stemcharter.organisations.models import Category

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def dashboard_numbers(filters: DashboardFilters, now: datetime.datetime) -> dict[str, int]:
    """The dashboard's figures that the public numbers show too, in their names."""
    reach = {row["kind"]: row for row in selectors.reach(filters=filters, now=now)}
    categories = selectors.signatories_by_category(filters=filters)
    support = selectors.support_requests_answered(filters=filters, today=TODAY)
    reports = selectors.progress_reports_per_year(filters=filters)
    stories = selectors.stories_per_month(filters=filters, today=TODAY)
    return {
        "signatories": sum(
            row["count"] for row in categories if row["value"] != Category.INDIVIDUAL
        ),
        "actions": reach["actions"]["items"],
        "places_offered": reach["actions"]["places"] + reach["events"]["places"],
        "places_taken": reach["actions"]["taken"] + reach["events"]["taken"],
        "events": reach["events"]["items"],
        "attendance": reach["events"]["attended"],
        "stories": sum(row["count"] for row in stories),
        "requests_answered": support["answered"],
        "progress_reports": sum(row["published"] for row in reports),
    }


def public_numbers(totals: dict[str, int]) -> dict[str, int]:
    return {
        key: totals[key]
        for key in (
            "signatories",
            "actions",
            "places_offered",
            "places_taken",
            "events",
            "attendance",
            "stories",
            "requests_answered",
            "progress_reports",
        )
    }


def test_the_dashboard_and_the_public_numbers_agree_on_every_figure(public_world):
    now = timezone.now()
    figures = public_figures(now=now)
    everything = dashboard_numbers(DashboardFilters(), now)
    assert public_numbers(figures.totals()) == everything
    # Hand-counted, so the agreement is not that of two wrong numbers: three organisations
    # signed (o1, o2, o3, o5: four, the private person not among them), two held events plus
    # the one of 2025 (never the cancelled one, nor the one to come), whose recorded
    # attendance (4 + 42) counts, not the seats checked in; the requests whose school
    # accepted an offer, in the year they were asked.
    assert everything == {
        "signatories": 4,
        "actions": 3,
        "places_offered": 15 + 20 + 60,
        "places_taken": 3 + 5 + 30,
        "events": 3,
        "attendance": 46,
        "stories": 3,  # s1, s2, s3: not the draft, the rejected one nor the one taken offline
        "requests_answered": 3,
        "progress_reports": 1,
    }
    for year in (2025, 2026):
        period = DashboardFilters(
            date_from=datetime.date(year, 1, 1), date_to=datetime.date(year, 12, 31)
        )
        assert public_numbers(figures.totals(year)) == dashboard_numbers(period, now), year
    assert figures.totals(2025)["requests_answered"] == 1


def test_the_action_types_agree(public_world):
    world = public_world
    figures = public_figures()
    public = {name_nl: count for name_nl, _en, count in figures.per_action_type()}
    dashboard = {
        row["name"]: row["count"]
        for row in selectors.actions_by_type(filters=DashboardFilters())
        if row["count"]
    }
    assert public == dashboard == {world.types[0].name_nl: 2, world.types[1].name_nl: 1}


def test_a_cancelled_event_counts_nowhere(public_world):
    """Neither as an event held, nor its places, nor its seats, nor on offer (the gaps)."""
    world = public_world
    now = timezone.now()
    before = public_figures(now=now).totals()
    gaps_before = {
        row["slug"]: row["events"]
        for row in selectors.gaps_by_subregion(filters=DashboardFilters())
    }
    event = world.events["e1"]
    Event.objects.filter(pk=event.pk).update(event_status=Event.Status.CANCELLED)
    after = public_figures(now=now).totals()
    assert after["events"] == before["events"] - 1
    assert after["places_offered"] == before["places_offered"] - 20
    assert after["places_taken"] == before["places_taken"] - 5
    assert after["attendance"] == before["attendance"] - 4
    assert public_numbers(after) == dashboard_numbers(DashboardFilters(), now)
    gaps_after = {
        row["slug"]: row["events"]
        for row in selectors.gaps_by_subregion(filters=DashboardFilters())
    }
    assert gaps_after[world.gent.slug] == gaps_before[world.gent.slug] - 1
