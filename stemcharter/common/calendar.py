"""iCalendar (RFC 5545) files and feeds: one event per entry, written with ``icalendar``.

An app that has something with a date (an event, a dated action, a registration for one)
describes it as a :class:`CalendarEntry`; :func:`calendar_bytes` writes one or more entries as
one ``VCALENDAR`` and :func:`calendar_response` answers it as a download or a subscribable feed.
What every entry carries, so that Google Calendar, Outlook and Apple Calendar update it instead
of adding a copy:

- a stable ``UID`` (RFC 5545 §3.8.4.7): the caller's, e.g. ``event-42@<site domain>``; never
  a value that changes with a title or a date;
- ``SEQUENCE`` (§3.8.7.4), which the caller raises each time the entry changes in a way a
  calendar should show (times, place, status), and ``LAST-MODIFIED`` / ``DTSTAMP``;
- the page's address in ``URL`` and, since Outlook does not show ``URL``, at the end of the
  description too;
- times as local times of their zone with a ``VTIMEZONE`` for it (``Europe/Brussels`` by
  default: ``TZID`` plus the zone's rules, written by ``Calendar.add_missing_timezones()``),
  so an event at 19:00 stays at 19:00 across the March and October clock changes; an entry
  of whole days uses ``DATE`` values with an exclusive end (§3.6.1: ``DTEND`` is the day after
  the last day);
- ``STATUS:CANCELLED`` for a cancelled entry (§3.8.1.11), so subscribed calendars strike it.

Texts are cleaned to characters XML and iCalendar readers accept (``common.text.clean_text``);
``icalendar`` escapes commas, semicolons and new lines and folds long lines at 75 octets.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from .text import clean_text

PRODID = "-//STEM-charter//stemcharter//NL"
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarEntry:
    """One ``VEVENT``.

    ``start``/``end``: aware datetimes (any zone; written in ``zone``) or, for whole days,
    dates with ``end`` the last day itself (this module adds the day RFC 5545 wants).
    ``url``: an absolute URL (``request.build_absolute_uri``). ``sequence``: 0 for the first
    version, raised by the caller on every change a calendar should pick up.
    """

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date
    url: str
    location: str = ""
    description: str = ""
    sequence: int = 0
    cancelled: bool = False
    last_modified: datetime | None = None


def calendar_uid(kind: str, pk: int) -> str:
    """A stable ``UID`` for row ``pk`` of a kind of thing ("event", "action"): the kind, the
    number and the site's host name (``SITE_URL``), e.g. ``event-42@stem-charter.be``; never
    the request's host, which differs between the addresses the site answers on."""
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def sequence_raised(
    instance,
    fields: Iterable[str],
    *,
    sequence_field: str = "sequence",
    update_fields: Iterable[str] | None = None,
) -> bool:
    """Raise ``instance``'s SEQUENCE when one of ``fields`` (what a calendar shows: times,
    place, status) differs from the saved row; True when it did. Call it in ``save()`` of a
    row that calendars hold, with ``save``'s ``update_fields``, and add ``sequence_field`` to
    those when it returns True. A new row keeps its sequence (0); a save of other fields
    only costs no query."""
    if instance.pk is None:
        return False
    fields = [name for name in fields if update_fields is None or name in update_fields]
    if not fields:
        return False
    before = type(instance)._base_manager.filter(pk=instance.pk).values(*fields).first()
    if before is None or all(before[name] == getattr(instance, name) for name in fields):
        return False
    setattr(instance, sequence_field, getattr(instance, sequence_field) + 1)
    return True


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _vevent(entry: CalendarEntry, *, zone: ZoneInfo) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("summary", clean_text(entry.summary, multiline=False))
    if isinstance(entry.start, datetime):
        if timezone.is_naive(entry.start) or timezone.is_naive(entry.end):
            raise ValueError("CalendarEntry times must be aware datetimes.")
        event.add("dtstart", entry.start.astimezone(zone))
        event.add("dtend", entry.end.astimezone(zone))
    else:
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end + timedelta(days=1))
    stamp = entry.last_modified or timezone.now()
    event.add("dtstamp", stamp.astimezone(ZoneInfo("UTC")))
    event.add("last-modified", stamp.astimezone(ZoneInfo("UTC")))
    event.add("sequence", entry.sequence)
    event.add("url", entry.url)
    if entry.location:
        event.add("location", clean_text(entry.location, multiline=False))
    description = clean_text(entry.description, multiline=True).strip()
    event.add("description", f"{description}\n\n{entry.url}" if description else entry.url)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    return event


def calendar_bytes(entries: Iterable[CalendarEntry], *, name: str = "") -> bytes:
    """The entries as one iCalendar file (UTF-8, CRLF line ends), with a ``VTIMEZONE`` for
    every zone its times use. ``name``: the calendar's name in a subscribing app
    (``X-WR-CALNAME`` and RFC 7986's ``NAME``). Raises ``ValueError`` for a naive datetime."""
    zone = _zone()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("name", clean_text(name, multiline=False))
        calendar.add("x-wr-calname", clean_text(name, multiline=False))
    for entry in entries:
        calendar.add_component(_vevent(entry, zone=zone))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(
    entries: Iterable[CalendarEntry], *, filename: str, name: str = "", attachment: bool = True
) -> HttpResponse:
    """An HTTP answer with the calendar: a download named ``filename`` (``.ics`` added when
    missing) or, with ``attachment=False``, a feed that calendar apps subscribe to."""
    if not filename.endswith(".ics"):
        filename += ".ics"
    response = HttpResponse(calendar_bytes(entries, name=name), content_type=ICS_CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
