"""Events as iCalendar entries (``common.calendar``): one event's file and the subscribable
feeds of all upcoming events and of one region."""

from django.utils.translation import gettext as _

from stemcharter.common.calendar import CalendarEntry, calendar_uid
from stemcharter.common.templatetags.sharing import absolute_url

from .models import Event


def event_entry(event: Event) -> CalendarEntry:
    """The calendar entry of a published event: its stable UID (``event-<pk>@<host>``), its
    SEQUENCE, the page's address, the place, and CANCELLED when it is."""
    description = event.summary
    if event.online_url and event.venue_name:
        description = f"{description}\n\n{_('Also online')}: {event.online_url}"
    return CalendarEntry(
        uid=calendar_uid("event", event.pk),
        summary=event.title,
        start=event.starts_at,
        end=event.ends_at,
        url=absolute_url(event.get_absolute_url()),
        location=event.location_text,
        description=description,
        sequence=event.sequence,
        cancelled=event.is_cancelled,
        last_modified=event.updated_at,
    )
