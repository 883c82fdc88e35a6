"""common.calendar: files that calendar apps read back, in Brussels time across clock changes."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from stemcharter.common.calendar import (
    CalendarEntry,
    calendar_bytes,
    calendar_response,
    calendar_uid,
)

BRUSSELS = ZoneInfo("Europe/Brussels")


def _parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


@pytest.mark.parametrize(
    ("day", "offset_hours"),
    [
        (date(2027, 3, 27), 1),  # the Saturday before summer time starts (CET)
        (date(2027, 3, 28), 2),  # the day it starts: 19:00 is CEST
        (date(2027, 10, 30), 2),  # the Saturday before it ends
        (date(2027, 10, 31), 1),  # the day it ends: 19:00 is CET again
    ],
)
def test_times_keep_their_brussels_wall_clock_across_the_clock_changes(day, offset_hours):
    start = datetime(day.year, day.month, day.day, 19, 0, tzinfo=BRUSSELS)
    end = datetime(day.year, day.month, day.day, 21, 30, tzinfo=BRUSSELS)
    entry = CalendarEntry(
        uid="event-1@example.org",
        summary="STEM-avond",
        start=start,
        end=end,
        url="https://example.org/evenementen/stem-avond/",
        location="Gent, Zuidpark 1",
    )
    data = calendar_bytes([entry], name="STEM-charter")
    assert b"BEGIN:VTIMEZONE" in data
    assert b"TZID:Europe/Brussels" in data
    assert b"DTSTART;TZID=Europe/Brussels:" in data
    vevent = next(iter(_parse(data).walk("VEVENT")))
    parsed = vevent.decoded("dtstart")
    assert (parsed.hour, parsed.minute) == (19, 0)
    assert parsed.utcoffset().total_seconds() == offset_hours * 3600
    assert str(vevent["uid"]) == "event-1@example.org"
    assert str(vevent["url"]) == "https://example.org/evenementen/stem-avond/"
    assert str(vevent["location"]) == "Gent, Zuidpark 1"
    assert str(vevent["status"]) == "CONFIRMED"


def test_whole_days_end_the_day_after_the_last_day_and_a_cancelled_entry_says_so():
    entry = CalendarEntry(
        uid="action-7@example.org",
        summary="Opendeur; labo, kom langs",
        start=date(2027, 5, 1),
        end=date(2027, 5, 2),
        url="https://example.org/acties/x/",
        sequence=3,
        cancelled=True,
        description="Line one\nline two",
    )
    vevent = next(iter(_parse(calendar_bytes([entry])).walk("VEVENT")))
    assert vevent.decoded("dtstart") == date(2027, 5, 1)
    assert vevent.decoded("dtend") == date(2027, 5, 3)
    assert str(vevent["summary"]) == "Opendeur; labo, kom langs"
    assert int(vevent["sequence"]) == 3
    assert str(vevent["status"]) == "CANCELLED"
    assert str(vevent["description"]).endswith("https://example.org/acties/x/")


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        calendar_bytes(
            [
                CalendarEntry(
                    uid="x",
                    summary="x",
                    start=datetime(2027, 1, 1, 10),
                    end=datetime(2027, 1, 1, 11),
                    url="https://example.org/",
                )
            ]
        )


def test_the_response_is_a_download_or_a_feed():
    entry = CalendarEntry(
        uid="u",
        summary="s",
        start=date(2027, 1, 1),
        end=date(2027, 1, 1),
        url="https://example.org/",
    )
    response = calendar_response([entry], filename="stem")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="stem.ics"'
    feed = calendar_response([entry], filename="all.ics", attachment=False, name="Alle")
    assert feed["Content-Disposition"].startswith("inline")
    assert "Alle" in str(_parse(feed.content)["x-wr-calname"])


def test_a_uid_names_the_kind_the_row_and_the_sites_host(settings):
    settings.SITE_URL = "https://stem-charter.example:8443/"
    assert calendar_uid("event", 42) == "event-42@stem-charter.example"
