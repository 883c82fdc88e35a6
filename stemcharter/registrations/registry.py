"""The things people register for (actions with places, later events), each described once and
registered by its app in ``AppConfig.ready`` (as content types describe themselves to
``reviews.registry``).

A ``RegistrableType`` tells the one registration mechanism what it needs to know about an
item: its places, how registrations are decided, until when and whether it takes them, how it
is called and where it is seen, who organises it (who may manage its registrations) and its
calendar entry. This app never imports the apps that register here.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from stemcharter.common.calendar import CalendarEntry


class RegistrationMode(models.TextChoices):
    # Seats go to whoever confirms first; when full, a waitlist in order of joining.
    FIRST_COME = "first_come", _("First come, first served")
    # The organiser accepts or declines each application (internships).
    ON_APPROVAL = "on_approval", _("On approval by the organiser")


@dataclass(frozen=True)
class RegistrableType:
    key: str  # in URLs: /inschrijven/<key>/<pk>/
    model: type[models.Model]
    label: str | Promise  # "action", lower case, as in a sentence
    # Whether the item takes registrations on this site at all (an action: its way of taking
    # part is "register on this site"); the others have no registration page (404).
    takes_registrations: Callable[[Any], bool]
    # Whether the public may see it now (published, live): else 404.
    is_visible: Callable[[Any], bool]
    # The number of seats; None: unlimited (never a waitlist).
    capacity: Callable[[Any], int | None]
    mode: Callable[[Any], str]  # a RegistrationMode value
    # The last moment to register (aware), None: until the end.
    deadline: Callable[[Any], datetime | None]
    # When it starts and ends (aware), None for an item without dates (on request): the
    # reminder goes the day before the start, personal data is erased after the end.
    starts_at: Callable[[Any], datetime | None]
    ends_at: Callable[[Any], datetime | None]
    is_cancelled: Callable[[Any], bool]
    title: Callable[[Any], str]
    url: Callable[[Any], str]  # its public page (a path)
    # Whose members manage its registrations, and whose contact points (coordinators always).
    organisations: Callable[[Any], Iterable[Any]]
    subregions: Callable[[Any], Iterable[Any]]
    # Its calendar entry for the confirmation's .ics (the same as its own .ics file, so the
    # calendar updates one entry); None for an item without dates.
    calendar_entry: Callable[[Any], "CalendarEntry | None"]
    # The largest group that may register together; None: up to the capacity.
    group_max: Callable[[Any], int | None] = lambda item: None
    # The smallest group that may register together (pupils and adults); None: any size.
    group_min: Callable[[Any], int | None] = lambda item: None
    # Whether only members of signatories may register (an event for signatories only).
    members_only: Callable[[Any], bool] = lambda item: False
    # Why the organiser called it off ("" when not cancelled or no reason was given): shown on
    # the personal page of a registration it cancelled.
    cancellation_reason: Callable[[Any], str] = lambda item: ""


_types: dict[str, RegistrableType] = {}


def register(registrable_type: RegistrableType) -> None:
    _types[registrable_type.key] = registrable_type


def registrable_types() -> list[RegistrableType]:
    return list(_types.values())


def registrable_type_for_key(key: str) -> RegistrableType | None:
    return _types.get(key)


def registrable_type_for(item_or_model) -> RegistrableType:
    model = item_or_model if isinstance(item_or_model, type) else type(item_or_model)
    for registrable_type in _types.values():
        if registrable_type.model is model:
            return registrable_type
    raise LookupError(f"{model.__name__} is not registered in registrations.registry")
