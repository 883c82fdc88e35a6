"""Each figure of the dashboard against hand-counted data (``dashboard_world``)."""

import datetime

import pytest

from stemcharter.insight import selectors
from stemcharter.insight.selectors import DashboardFilters
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.progress.models import ProgressReport
from stemcharter.progress.selectors import reported

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 20)
SPRING = {"date_from": datetime.date(2026, 2, 1), "date_to": datetime.date(2026, 3, 31)}


def counts(rows, key="value"):
    return {row[key]: row["count"] for row in rows}


def test_signatories_by_category(world):
    everything = counts(selectors.signatories_by_category(filters=DashboardFilters()))
    # o1, o2 companies; o3, o5 schools; o4 only submitted.
    assert everything[Category.COMPANY] == 2
    assert everything[Category.EDUCATION] == 2
    gent = DashboardFilters(subregion_ids=(world.gent.pk,))
    assert counts(selectors.signatories_by_category(filters=gent))[Category.EDUCATION] == 0
    assert counts(selectors.signatories_by_category(filters=gent))[Category.COMPANY] == 2
    # o2 approved at 00:30 on 1 February in Brussels (23:30 UTC on 31 January), o3 in March.
    spring = counts(selectors.signatories_by_category(filters=DashboardFilters(**SPRING)))
    assert spring[Category.COMPANY] == 1
    assert spring[Category.EDUCATION] == 1
    only = selectors.signatories_by_category(filters=DashboardFilters(category=Category.COMPANY))
    assert [row["value"] for row in only] == [Category.COMPANY]


def test_signatories_by_subregion(world):
    rows = counts(selectors.signatories_by_subregion(filters=DashboardFilters()), "slug")
    assert rows["test-gent"] == 2  # o1, o2 (o4 is no signatory)
    assert rows["test-leuven"] == 2  # o2, o3
    schools = DashboardFilters(category=Category.EDUCATION)
    rows = counts(selectors.signatories_by_subregion(filters=schools), "slug")
    assert (rows["test-gent"], rows["test-leuven"]) == (0, 1)
    own = DashboardFilters(subregion_ids=(world.leuven.pk,))
    rows = selectors.signatories_by_subregion(filters=own)
    assert [(row["slug"], row["count"]) for row in rows] == [("test-leuven", 2)]


def test_signatories_over_time_cumulative_per_brussels_month(world):
    filters = DashboardFilters(
        date_from=datetime.date(2026, 1, 1), date_to=datetime.date(2026, 3, 31)
    )
    rows = selectors.signatories_over_time(filters=filters, today=TODAY)
    # o5 in December 2025 counts in the total before the period.
    assert rows == [
        {"month": "2026-01", "new": 1, "total": 2},
        {"month": "2026-02", "new": 1, "total": 3},
        {"month": "2026-03", "new": 1, "total": 4},
    ]
    rows = selectors.signatories_over_time(filters=DashboardFilters(), today=TODAY)
    assert [row["month"] for row in rows] == ["2025-12", "2026-01", "2026-02", "2026-03"]
    assert rows[-1]["total"] == 4
    gent = DashboardFilters(subregion_ids=(world.gent.pk,))
    rows = selectors.signatories_over_time(filters=gent, today=TODAY)
    assert [(row["month"], row["total"]) for row in rows] == [
        ("2026-01", 1),
        ("2026-02", 2),
        ("2026-03", 2),
    ]


def test_actions_by_type_audience_discipline(world):
    first, second = (term.slug for term in world.types)
    rows = counts(selectors.actions_by_type(filters=DashboardFilters()), "slug")
    assert (rows[first], rows[second]) == (2, 1)  # a1, a2 | a3 (a4 is a draft)
    rows = counts(selectors.actions_by_audience(filters=DashboardFilters()), "slug")
    assert [rows[audience.slug] for audience in world.audiences] == [2, 2]  # a1 a2 | a1 a3
    rows = counts(selectors.actions_by_discipline(filters=DashboardFilters()), "slug")
    assert [rows[discipline.slug] for discipline in world.disciplines] == [2, 1]
    gent = DashboardFilters(subregion_ids=(world.gent.pk,))
    rows = counts(selectors.actions_by_type(filters=gent), "slug")
    assert (rows[first], rows[second]) == (1, 1)
    schools = DashboardFilters(category=Category.EDUCATION)
    rows = counts(selectors.actions_by_type(filters=schools), "slug")
    assert (rows[first], rows[second]) == (1, 0)
    rows = counts(selectors.actions_by_type(filters=DashboardFilters(**SPRING)), "slug")
    assert (rows[first], rows[second]) == (1, 1)  # a2 was published in January


def test_reach(world):
    rows = {row["kind"]: row for row in selectors.reach(filters=DashboardFilters())}
    assert rows["actions"] == {
        "kind": "actions",
        "items": 3,
        "places": 15,
        "unlimited": 1,
        "taken": 3,
        "registrations": 2,  # the cancelled one does not count
        "attended": 3,
    }
    assert rows["events"] == {
        "kind": "events",
        "items": 2,  # the draft and the cancelled one do not count
        "places": 20,  # not the cancelled event's 50
        "unlimited": 1,
        "taken": 5,  # not the 2 seats on the cancelled event
        "registrations": 1,
        "attended": 4,  # as e1's organiser recorded, not the seats checked in (none)
    }
    # An event not begun yet is not held: before e3 began, only e1 counts.
    before = selectors.reach(
        filters=DashboardFilters(), now=datetime.datetime(2026, 3, 10, tzinfo=datetime.UTC)
    )
    assert before[1]["items"] == 1
    # The period counts events by their start: e1 began in February.
    february = DashboardFilters(
        date_from=datetime.date(2026, 2, 1), date_to=datetime.date(2026, 2, 28)
    )
    assert selectors.reach(filters=february)[1]["items"] == 1
    gent = {
        row["kind"]: row
        for row in selectors.reach(filters=DashboardFilters(subregion_ids=(world.gent.pk,)))
    }
    assert (gent["actions"]["items"], gent["actions"]["places"]) == (2, 10)
    assert (gent["events"]["items"], gent["events"]["unlimited"]) == (1, 0)
    # The STEM-charter's own event has no organisation: not of a category.
    companies = {
        row["kind"]: row
        for row in selectors.reach(filters=DashboardFilters(category=Category.COMPANY))
    }
    assert companies["events"]["items"] == 1


def test_stories_per_month(world):
    """Published stories by the Brussels month of their first publication: s1 in February, s2
    (23:30 UTC on 28 February: 00:30 on 1 March in Brussels) and s3 in March; the draft, the
    rejected story and the one taken offline never count."""
    rows = selectors.stories_per_month(filters=DashboardFilters(), today=TODAY)
    assert rows == [{"month": "2026-02", "count": 1}, {"month": "2026-03", "count": 2}]
    gent = DashboardFilters(subregion_ids=(world.gent.pk,))  # s1, s3
    rows = selectors.stories_per_month(filters=gent, today=TODAY)
    assert rows == [{"month": "2026-02", "count": 1}, {"month": "2026-03", "count": 1}]
    leuven = DashboardFilters(subregion_ids=(world.leuven.pk,))  # s2, s3
    assert selectors.stories_per_month(filters=leuven, today=TODAY) == [
        {"month": "2026-03", "count": 2}
    ]
    schools = DashboardFilters(category=Category.EDUCATION, **SPRING)  # s2 by o3
    assert selectors.stories_per_month(filters=schools, today=TODAY) == [
        {"month": "2026-02", "count": 0},
        {"month": "2026-03", "count": 1},
    ]
    january = DashboardFilters(
        date_from=datetime.date(2026, 1, 1), date_to=datetime.date(2026, 1, 31)
    )
    assert selectors.stories_per_month(filters=january, today=TODAY) == [
        {"month": "2026-01", "count": 0}
    ]
    assert (
        selectors.stories_per_month(filters=DashboardFilters(subregion_ids=()), today=TODAY) == []
    )


def test_review_decisions_per_month(world):
    rows = selectors.review_decisions_per_month(filters=DashboardFilters(**SPRING), today=TODAY)
    assert rows == [
        {"month": "2026-02", "publish": 1, "request_changes": 1, "reject": 0, "total": 2},
        {"month": "2026-03", "publish": 1, "request_changes": 0, "reject": 1, "total": 2},
    ]
    gent = DashboardFilters(subregion_ids=(world.gent.pk,), **SPRING)
    rows = selectors.review_decisions_per_month(filters=gent, today=TODAY)
    assert [(row["publish"], row["reject"], row["total"]) for row in rows] == [(1, 0, 1), (0, 1, 1)]


def test_review_waiting_times(world):
    data = selectors.review_waiting_times(filters=DashboardFilters(**SPRING), today=TODAY)
    # Waits 2, 0.25 and 4 days (a3's rejection has no recorded submission).
    assert data["decisions"] == 3
    assert data["median_days"] == 2.0
    assert data["months"] == [
        {"month": "2026-02", "decisions": 2, "median_days": 1.1},
        {"month": "2026-03", "decisions": 1, "median_days": 4.0},
    ]
    leuven = DashboardFilters(subregion_ids=(world.leuven.pk,), **SPRING)
    data = selectors.review_waiting_times(filters=leuven, today=TODAY)
    assert (data["decisions"], data["median_days"]) == (2, 2.1)  # 0.25 and 4 days


def test_decisions_on_deleted_items_still_count(world):
    """An organisation may delete its item after a decision; the decision was made and counts
    the same, with or without a filter (a2: o3, a school in Leuven)."""
    everything = [
        DashboardFilters(**SPRING),
        DashboardFilters(subregion_ids=(world.leuven.pk,), **SPRING),
        DashboardFilters(subregion_ids=(world.gent.pk,), **SPRING),
        DashboardFilters(category=Category.EDUCATION, **SPRING),
        DashboardFilters(category=Category.COMPANY, **SPRING),
    ]

    def figures():
        return [
            (
                selectors.review_decisions_per_month(filters=filters, today=TODAY),
                selectors.review_waiting_times(filters=filters, today=TODAY),
            )
            for filters in everything
        ]

    before = figures()
    assert before[1][1]["decisions"] == 2
    type(world.actions["a2"]).objects.filter(pk=world.actions["a2"].pk).delete()
    assert figures() == before


def test_support_requests_answered(world):
    data = selectors.support_requests_answered(filters=DashboardFilters(), today=TODAY)
    # Answered: the school accepted an offer; an offer not accepted yet is not an answer (but
    # its wait for a first offer counts in the median: 3, 1 and 1 days).
    assert (data["asked"], data["answered"], data["median_days"]) == (4, 2, 1.0)
    assert data["months"] == [
        {"month": "2026-02", "asked": 2, "answered": 1},
        {"month": "2026-03", "asked": 2, "answered": 1},
    ]
    gent = DashboardFilters(subregion_ids=(world.gent.pk,))
    data = selectors.support_requests_answered(filters=gent, today=TODAY)
    assert (data["asked"], data["answered"], data["median_days"]) == (2, 1, 3.0)
    march = DashboardFilters(
        date_from=datetime.date(2026, 3, 1), date_to=datetime.date(2026, 3, 31)
    )
    data = selectors.support_requests_answered(filters=march, today=TODAY)
    assert (data["asked"], data["answered"], data["median_days"]) == (2, 1, 1.0)
    # The category of the school that asked (all four: o3, a school).
    companies = DashboardFilters(category=Category.COMPANY)
    assert selectors.support_requests_answered(filters=companies, today=TODAY)["asked"] == 0


def test_gaps(world):
    ours = DashboardFilters(subregion_ids=(world.gent.pk, world.leuven.pk))
    rows = selectors.gaps_by_subregion(filters=ours)
    assert [(row["slug"], row["actions"], row["events"], row["gap"]) for row in rows] == [
        ("test-leuven", 1, 1, True),  # a2, the charter's event
        ("test-gent", 2, 1, False),  # a1, a3, e1
    ]
    rows = selectors.gaps_by_audience(filters=DashboardFilters(subregion_ids=(world.gent.pk,)))
    found = {row["slug"]: (row["count"], row["gap"]) for row in rows}
    assert found[world.audiences[0].slug] == (1, True)
    assert [row["count"] for row in rows] == sorted(row["count"] for row in rows)


def test_an_empty_scope_counts_nothing(world):
    nothing = DashboardFilters(subregion_ids=())
    assert all(row["count"] == 0 for row in selectors.signatories_by_category(filters=nothing))
    assert all(row["items"] == 0 for row in selectors.reach(filters=nothing))
    assert selectors.review_waiting_times(filters=nothing, today=TODAY)["decisions"] == 0


def test_period_bounds_are_brussels_midnights():
    start, end = selectors.period_bounds(datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert start == datetime.datetime(2026, 1, 31, 23, 0, tzinfo=datetime.UTC)
    assert end == datetime.datetime(2026, 2, 28, 23, 0, tzinfo=datetime.UTC)


def test_progress_reports_per_year(world):
    """Per year reported on: every live report started, those that count as reported (the
    progress app's one rule: published, waiting for or under review, changes asked), those
    published; a draft, a rejected report and one taken offline are started, not reported; a
    published report's working copy is not a second one."""
    o1, o2, o3 = world.organisations
    o4, o5 = OrganisationFactory(subregions=[world.gent]), OrganisationFactory()

    def report(organisation, year, status, **kwargs):
        return ProgressReport.objects.create(
            organisation=organisation, year=year, slug=str(year), status=status, **kwargs
        )

    published = report(o1, 2025, "published")
    report(o1, 2025, "draft", revision_of=published)  # its working copy
    report(o2, 2025, "submitted")
    report(o3, 2025, "under_review")
    report(o4, 2025, "changes_requested")
    report(o5, 2025, "rejected")
    report(o3, 2024, "draft")
    report(o2, 2024, "withdrawn")  # taken offline
    report(o4, 2024, "rejected")

    rows = selectors.progress_reports_per_year(filters=DashboardFilters())
    # 2025: o1 published, o2 waiting, o3 under review, o4 changes asked: four reported; o5
    # rejected. 2024: a draft, one taken offline, one rejected: none reported.
    assert rows == [
        {"year": 2024, "started": 3, "reported": 0, "published": 0},
        {"year": 2025, "started": 5, "reported": 4, "published": 1},
    ]
    gent = DashboardFilters(subregion_ids=(world.gent.pk,))  # o1, o2 and o4
    assert selectors.progress_reports_per_year(filters=gent) == [
        {"year": 2024, "started": 2, "reported": 0, "published": 0},
        {"year": 2025, "started": 3, "reported": 3, "published": 1},
    ]
    companies = DashboardFilters(category=Category.COMPANY, date_from=datetime.date(2025, 6, 1))
    # o1, o2, o4 and o5 (rejected) are companies; o3 is a school.
    assert selectors.progress_reports_per_year(filters=companies) == [
        {"year": 2025, "started": 4, "reported": 3, "published": 1}
    ]
    until_2024 = DashboardFilters(date_to=datetime.date(2024, 12, 31))
    assert selectors.progress_reports_per_year(filters=until_2024) == [
        {"year": 2024, "started": 3, "reported": 0, "published": 0}
    ]
    # The same rule as the progress app's: what its "reported" selector counts, per year.
    for row in rows:
        assert row["reported"] == reported().filter(year=row["year"]).count()
