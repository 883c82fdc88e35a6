"""Actions described to the registration mechanism (``registrations.registry``), registered by
``ActionsConfig.ready``: an action whose way of taking part is "register on this site" takes
registrations for its places, on its live row (never a working copy of a new version)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemcharter.registrations.registry import RegistrableType
from stemcharter.reviews.models import ReviewStatus

from .calendar import action_calendar_entry
from .models import Action


def _day_start(day: datetime.date | None) -> datetime.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def action_starts_at(action: Action) -> datetime.datetime | None:
    return _day_start(action.start_date)


def action_ends_at(action: Action) -> datetime.datetime | None:
    """The end of its last day (midnight after it); None for an action on request."""
    if action.end_date is None:
        return None
    if action.end_date == datetime.date.max:  # no day after it to start
        return timezone.make_aware(datetime.datetime.combine(action.end_date, datetime.time.max))
    return _day_start(action.end_date + datetime.timedelta(days=1))


ACTION_REGISTRATIONS = RegistrableType(
    key="actie",
    model=Action,
    label=_("action"),
    takes_registrations=lambda a: a.participation == Action.Participation.REGISTRATION,
    is_visible=lambda a: a.status == ReviewStatus.PUBLISHED and a.revision_of_id is None,
    capacity=lambda a: a.places,
    mode=lambda a: a.registration_mode,
    deadline=lambda a: a.registration_deadline,
    starts_at=action_starts_at,
    ends_at=action_ends_at,
    # An action is taken offline (then it is not visible), never cancelled.
    is_cancelled=lambda a: False,
    title=lambda a: a.title,
    url=lambda a: a.get_absolute_url(),
    organisations=lambda a: [a.organisation],
    subregions=lambda a: a.subregions.all(),
    calendar_entry=action_calendar_entry,
    group_max=lambda a: a.group_max,
    group_min=lambda a: a.group_min,
)
