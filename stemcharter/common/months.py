"""Calendar months as "YYYY-MM" keys, in Brussels time: the months of the charts that count
per month (the snowball's growth, the coordinators' dashboards)."""

import datetime
from zoneinfo import ZoneInfo

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
