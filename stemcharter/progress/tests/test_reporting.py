"""The reporting calendar (progress/reporting.py) from the settings, and the settings' checks."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from stemcharter.progress.checks import progress_report_settings
from stemcharter.progress.reporting import (
    check_settings,
    last_closed_year,
    open_report_year,
    reporting_year,
)


def test_the_default_calendar():
    calendar = reporting_year(2026)
    assert calendar.opens == date(2026, 12, 1)
    assert calendar.closes == date(2027, 2, 28)
    assert calendar.first_reminder == date(2027, 2, 14)
    assert calendar.second_reminder == date(2027, 3, 1)
    assert calendar.not_reported_from == date(2027, 3, 29)
    assert calendar.accepts_until == date(2027, 3, 28)


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2026, 11, 30), None),
        (date(2026, 12, 1), 2026),
        (date(2026, 12, 31), 2026),
        (date(2027, 1, 15), 2026),
        (date(2027, 2, 28), 2026),
        (date(2027, 3, 28), 2026),  # late, still accepted
        (date(2027, 3, 29), None),
        (date(2027, 7, 1), None),
    ],
)
def test_open_report_year(today, year):
    assert open_report_year(today) == year


def test_late_is_after_closing_within_the_grace_period():
    calendar = reporting_year(2026)
    assert not calendar.is_late(date(2027, 2, 28))
    assert calendar.is_late(date(2027, 3, 1))
    assert not calendar.is_late(date(2027, 3, 29))


def test_last_closed_year():
    assert last_closed_year(date(2026, 11, 30)) == 2025
    assert last_closed_year(date(2026, 12, 1)) == 2026
    assert last_closed_year(date(2027, 6, 1)) == 2026


def test_a_leap_day_in_the_period_moves_nothing_but_the_dates():
    calendar = reporting_year(2027)  # February 2028 has 29 days
    assert calendar.closes == date(2028, 2, 28)
    assert calendar.not_reported_from == date(2028, 3, 28)


def test_other_settings(settings):
    settings.PROGRESS_REPORT_OPENS = "01-10"
    settings.PROGRESS_REPORT_CLOSES = "01-05"
    settings.PROGRESS_REPORT_GRACE_DAYS = 0
    settings.PROGRESS_REPORT_FIRST_REMINDER_DAYS = 3
    calendar = reporting_year(2026)
    assert (calendar.opens, calendar.closes) == (date(2026, 1, 10), date(2027, 1, 5))
    assert calendar.not_reported_from == date(2027, 1, 6)
    assert open_report_year(date(2027, 1, 5)) == 2026
    assert open_report_year(date(2027, 1, 7)) is None
    assert open_report_year(date(2027, 1, 10)) == 2027


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PROGRESS_REPORT_OPENS", "02-29", "a day every year has"),
        ("PROGRESS_REPORT_OPENS", "13-01", "a day every year has"),
        ("PROGRESS_REPORT_CLOSES", "december", "a day every year has"),
        ("PROGRESS_REPORT_GRACE_DAYS", -1, "0 or more"),
        ("PROGRESS_REPORT_GRACE_DAYS", 300, "reaches the next"),
        ("PROGRESS_REPORT_FIRST_REMINDER_DAYS", 200, "before the window opens"),
    ],
)
def test_settings_that_make_no_calendar_are_refused_clearly(settings, name, value, message):
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        check_settings()
    errors = progress_report_settings(None)
    assert [error.id for error in errors] == ["progress.E001"]
    assert message in errors[0].msg


def test_the_default_settings_pass_the_check():
    assert progress_report_settings(None) == []
