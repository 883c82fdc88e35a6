"""The yearly reporting calendar, from the settings (config/settings.py, ``# --- report ---``).

For the year Y (the calendar year reported on):

- the window opens on ``PROGRESS_REPORT_OPENS`` (MM-DD) of Y and closes on
  ``PROGRESS_REPORT_CLOSES`` (MM-DD) of Y+1, both days included;
- a report can still be started and sent during ``PROGRESS_REPORT_GRACE_DAYS`` after closing
  (late); from the day after the grace period a signatory without a sent report counts as
  "not reported";
- the first reminder goes ``PROGRESS_REPORT_FIRST_REMINDER_DAYS`` before closing, the second on
  the day after closing (the start of the grace period: the window closed, the report is late,
  and the mail says from when it will count as not reported).

The periods of two years must not overlap: closing plus the grace period comes before the next
opening (``check_settings``, run by Django's checks and at every use).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _month_day(name: str) -> tuple[int, int]:
    value = str(getattr(settings, name))
    month, _, day = value.partition("-")
    try:
        date(2001, int(month), int(day))  # 2001: not a leap year, so never 02-29
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{name} must be a day every year has, as MM-DD (e.g. 12-01), not {value!r}."
        ) from error
    return int(month), int(day)


@dataclass(frozen=True)
class ReportingYear:
    """The calendar of the reports on ``year``."""

    year: int
    opens: date
    closes: date
    first_reminder: date
    second_reminder: date
    not_reported_from: date

    @property
    def accepts_until(self) -> date:
        """The last day a report can be started: the end of the grace period."""
        return self.not_reported_from - timedelta(days=1)

    def accepts(self, today: date) -> bool:
        return self.opens <= today <= self.accepts_until

    def is_late(self, today: date) -> bool:
        return self.closes < today <= self.accepts_until


def reporting_year(year: int) -> ReportingYear:
    """The calendar of the reports on ``year``. Raises ImproperlyConfigured for settings that
    make no calendar (``check_settings``)."""
    check_settings()
    opens_month, opens_day = _month_day("PROGRESS_REPORT_OPENS")
    closes_month, closes_day = _month_day("PROGRESS_REPORT_CLOSES")
    closes = date(year + 1, closes_month, closes_day)
    return ReportingYear(
        year=year,
        opens=date(year, opens_month, opens_day),
        closes=closes,
        first_reminder=closes - timedelta(days=settings.PROGRESS_REPORT_FIRST_REMINDER_DAYS),
        second_reminder=closes + timedelta(days=1),
        not_reported_from=closes + timedelta(days=settings.PROGRESS_REPORT_GRACE_DAYS + 1),
    )


def check_settings() -> None:
    """Raises ImproperlyConfigured, saying what to change, when the settings make no calendar:
    a month-day that is not one, negative days, or a year's grace period that reaches the next
    year's opening."""
    opens_month, opens_day = _month_day("PROGRESS_REPORT_OPENS")
    closes_month, closes_day = _month_day("PROGRESS_REPORT_CLOSES")
    grace = settings.PROGRESS_REPORT_GRACE_DAYS
    first = settings.PROGRESS_REPORT_FIRST_REMINDER_DAYS
    if grace < 0 or first < 0:
        raise ImproperlyConfigured(
            "PROGRESS_REPORT_GRACE_DAYS and PROGRESS_REPORT_FIRST_REMINDER_DAYS must be 0 or more."
        )
    for year in (2001, 2003):  # the longest case: a February 29 inside the period
        closes = date(year + 1, closes_month, closes_day)
        if closes + timedelta(days=grace) >= date(year + 1, opens_month, opens_day):
            raise ImproperlyConfigured(
                "PROGRESS_REPORT_CLOSES plus PROGRESS_REPORT_GRACE_DAYS reaches the next "
                "PROGRESS_REPORT_OPENS: close earlier, open later or shorten the grace period."
            )
        if closes - timedelta(days=first) < date(year, opens_month, opens_day):
            raise ImproperlyConfigured(
                "PROGRESS_REPORT_FIRST_REMINDER_DAYS puts the first reminder before the window "
                "opens: make it smaller."
            )


def open_report_year(today: date) -> int | None:
    """The year a signatory can report on ``today`` (start or send a report: from the window's
    opening to the end of its grace period), or None between two periods."""
    for year in (today.year, today.year - 1):
        if reporting_year(year).accepts(today):
            return year
    return None


def last_closed_year(today: date) -> int:
    """The most recent year whose window opened on or before ``today``: the default year of
    the back office's overview."""
    year = today.year
    return year if reporting_year(year).opens <= today else year - 1
