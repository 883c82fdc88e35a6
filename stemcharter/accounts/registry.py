"""What the apps keep about a person, registered by the apps that keep it.

``accounts`` owns the person but not what other apps keep about them, and imports none of
them. Like pretix's data shredders (``register_data_shredders``), each app that keeps personal
data registers it, one ``PersonalData`` per kind, in its ``personal_data.py`` (imported by its
``AppConfig.ready``)::

    register_personal_data(
        PersonalData(
            key="join_requests",
            fields=("organisations.JoinRequest.user",),
            order=40,
            export=lambda user: [...],  # its part of the download
            summary=lambda requests: ngettext(...) % {"counter": len(requests)},
            erase=lambda user: JoinRequest.objects.filter(user=user).delete(),
        )
    )

``accounts`` runs them all: the download (``selectors.user_personal_data``), its page, the
account deletion (``services.user_delete``) and what blocks it. Apps below ``accounts`` (audit,
images) cannot import it; ``accounts/personal_data.py`` registers theirs, with their functions.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

if TYPE_CHECKING:
    from .models import User

# What ``user_delete`` puts in place of a person's name or address in what stays.
REMOVED = "(removed)"


@dataclass(frozen=True)
class DeletionBlock:
    """Something that stops the account from being deleted until the person fixes it."""

    notice: str  # above the list on the delete page ("You are the last admin of these ...:")
    refusal: str  # the error when the person tries anyway
    links: list[tuple[str, str]] = field(default_factory=list)  # (name, where to fix it)


@dataclass(frozen=True)
class DeletedAlong:
    """Things that go when the account goes, listed on the delete page under ``intro``."""

    intro: str
    names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PersonalData:
    """One kind of data an app keeps about a person, and what happens to it."""

    # Its key in the download ("memberships"); unique.
    key: str
    # The references to the user model it is about, "app_label.Model.field"; every such field
    # of our apps is named by some registration (tests/test_personal_data_registry.py). A kind
    # with neither ``export`` nor ``erase`` only says that deleting the account empties these
    # references (``on_delete=SET_NULL``) and that we show no data through them.
    fields: tuple[str, ...] = ()
    # Where it comes in the download and in the lists on the pages (lowest first).
    order: int = 100
    # Its part of the download: plain data (``DjangoJSONEncoder``).
    export: Callable[["User"], Any] | None = None
    # Its line on "Your personal data", from its part of the download; "" for no line.
    summary: Callable[[Any], str] | None = None
    # Its line on "Delete your account": what happens to it.
    on_delete: str | Promise = ""
    # Removes or anonymises it, inside the deletion's transaction, before the user row goes.
    # Erasers must not depend on each other's order.
    erase: Callable[["User"], None] | None = None
    # What stops the account from being deleted; the deletion is refused, with nothing changed.
    blocks: Callable[["User"], DeletionBlock | None] | None = None
    # What goes with the account, to show on the delete page.
    deleted_along: Callable[["User"], DeletedAlong | None] | None = None


_kinds: dict[str, PersonalData] = {}


def register_personal_data(kind: PersonalData) -> None:
    if kind.key in _kinds:
        raise ImproperlyConfigured(f"Personal data {kind.key!r} is registered twice.")
    _kinds[kind.key] = kind


def personal_data_kinds() -> list[PersonalData]:
    """Every registered kind, by ``order`` (then in the order they were registered)."""
    return sorted(_kinds.values(), key=lambda kind: kind.order)
