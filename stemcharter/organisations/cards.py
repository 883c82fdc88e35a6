"""Short factual notes on a signatory's card (``organisations/includes/_card.html``) that an
app above this floor decides on, such as progress's "Did not report on 2025".

The card lists (``charter.selectors.signatory_list``) cannot import those apps, so each one
registers a ``CardNote`` in its ``AppConfig.ready`` (``card_note_register``): an expression on
the outer organisation row (a ``Subquery``, so the list stays one query whatever its length)
and the words for its value. ``card_notes_annotate`` adds every registered expression to a
queryset; ``Organisation.card_notes`` gives the words of those that have a value, and
``Organisation.card_version`` includes the values, so a card kept in the cache changes with
them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Expression, QuerySet


@dataclass(frozen=True)
class CardNote:
    """``key``: unique name; ``expression()``: its value on the outer organisation row (None
    for no note); ``text(value)``: the note shown, in the current language."""

    key: str
    expression: Callable[[], Expression]
    text: Callable[[Any], str]

    @property
    def annotation(self) -> str:
        return f"card_note_{self.key}"


_NOTES: dict[str, CardNote] = {}


def card_note_register(note: CardNote) -> None:
    """Register ``note`` (in an ``AppConfig.ready``); registering a key again replaces it."""
    _NOTES[note.key] = note


def card_notes() -> list[CardNote]:
    """The registered notes, in the order they were registered."""
    return list(_NOTES.values())


def card_notes_annotate(queryset: QuerySet) -> QuerySet:
    """``queryset`` (of organisations) with every registered note's value annotated: no query
    more, whatever the number of rows."""
    notes = card_notes()
    if not notes:
        return queryset
    return queryset.annotate(**{note.annotation: note.expression() for note in notes})


def card_note_values(organisation) -> list:
    """The values of the registered notes on ``organisation`` (None where it was not
    annotated): part of its card's key."""
    return [getattr(organisation, note.annotation, None) for note in card_notes()]


def card_note_texts(organisation) -> list[str]:
    """The words of each registered note that has a value on ``organisation``."""
    texts = []
    for note in card_notes():
        value = getattr(organisation, note.annotation, None)
        if value is not None:
            texts.append(note.text(value))
    return texts
