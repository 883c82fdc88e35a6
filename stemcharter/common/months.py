"""Calendar months as "YYYY-MM" keys, in Brussels time: the months of the charts that count
per month (the snowball's growth, the coordinators' dashboards), and their short names
(``month_label``)."""

import datetime
from zoneinfo import ZoneInfo

from django.utils.dates import MONTHS, MONTHS_3

BRUSSELS = ZoneInfo("Europe/Brussels")


def month_key(moment: datetime.datetime | datetime.date) -> str:
    """ "YYYY-MM" of an aware moment in Brussels time (of a date as it is)."""
    if isinstance(moment, datetime.datetime):
        moment = moment.astimezone(BRUSSELS)
    return f"{moment.year:04d}-{moment.month:02d}"


def month_keys(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` ("YYYY-MM", both included)."""
    year, month = (int(part) for part in first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_label(month: str) -> str:
    """ "2026-03" as a short month and year in the active language: "Mar 2026" in English,
    "mrt 2026" in Dutch, for the charts, their tables and CSVs.

    Django's "M" format capitalises every abbreviation ("Mrt", "Okt"), which Dutch does not
    do; the abbreviation is capitalised here only where the language capitalises the month's
    full name (English "March", Dutch "maart"). Raises ``ValueError`` for a key that is not
    "YYYY-MM".
    """
    year, number = (int(part) for part in month.split("-"))
    if not 1 <= number <= 12:
        raise ValueError(f"Not a month: {month!r}")
    short = str(MONTHS_3[number])
    if str(MONTHS[number])[:1].isupper():
        short = short[:1].upper() + short[1:]
    return f"{short} {year}"
