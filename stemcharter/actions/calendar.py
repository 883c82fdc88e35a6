"""A dated action as an iCalendar entry (``common.calendar``): for its ``.ics`` file
(``/acties/<slug>/agenda.ics``) and the confirmation email of a registration."""

from stemcharter.common.calendar import CalendarEntry, calendar_uid
from stemcharter.common.templatetags.sharing import absolute_url

from .models import Action


def action_calendar_entry(action: Action) -> CalendarEntry | None:
    """A dated action as whole days in a calendar (its UID ``action-<pk>@<host>``, its
    ``calendar_sequence``); the place is its location, or its regions. None for an action on
    request (no dates)."""
    if action.start_date is None or action.end_date is None:
        return None
    subregions = ", ".join(subregion.name for subregion in action.subregions.all())
    return CalendarEntry(
        uid=calendar_uid("action", action.pk),
        summary=action.title,
        start=action.start_date,
        end=action.end_date,
        url=absolute_url(action.get_absolute_url()),
        location=action.location or subregions,
        description=f"{action.summary}\n\n{action.organisation.name}",
        sequence=action.calendar_sequence,
        last_modified=action.published_at,
    )
