"""Optimistic concurrency for edit forms: two tabs, or two people, editing the same thing.

Tab A saves a new title; tab B, opened before, saves only a new summary but still holds the
old title. Without a check, B's save puts the old title back and A's change is silently lost
(a lost update). One mechanism for every edit form that saves a model another person (or
another tab) can edit at the same time:

- the page carries the version of what it was opened on: a hidden field ``VERSION_FIELD``
  with ``version_of(obj)``, the row's ``updated_at`` (``common.models.TimeStampedModel``) as
  an ISO string (``includes/_edit_version.html``);
- the save runs inside ``unchanged_since(obj, version)``: in a transaction, the row is locked
  (``select_for_update``, a real lock on PostgreSQL, so two saves at the same moment cannot
  both pass) and compared with that version; if it changed in between, ``EditConflict`` is
  raised and nothing is saved;
- the view (``EditConflictMixin``) then stays on the page with what the user typed, says at
  the top of the error summary what happened (``CONFLICT_MESSAGE``) and lists each field
  whose typed value differs from the current version (label: current value). The page's
  version is now the current one, so saving again overwrites deliberately.

What the user typed is kept as typed, also the fields they did not touch: which fields were
touched cannot be known without the values the page was opened with (a hidden copy of every
field is too much), so the list of differing fields is what lets them decide, field by field,
to keep the current value or their own. The check is on the whole row: a save of another step
of the same item in between refuses this save too (the list then shows only their own
changes, and saving again keeps both).

A POST without a version (a page opened before this check existed, a script) is saved
without the check; a version that is not the current one (wrong, or tampered) is a conflict.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.choices import flatten_choices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The name of the hidden field with the version the page was opened on.
VERSION_FIELD = "opened_version"

CONFLICT_MESSAGE = gettext_lazy(
    "Someone changed this (in another tab or another person) since you opened this page. "
    "Your changes are not saved yet: check the fields below against the current version, "
    "then save again."
)


class EditConflict(Exception):
    """The row changed since the page was opened; ``current`` is its version now."""

    def __init__(self, current: str) -> None:
        super().__init__(current)
        self.current = current


def version_of(obj: Model) -> str:
    """The version of a row as a page carries it: its ``updated_at`` as an ISO string."""
    return obj.updated_at.isoformat()


def posted_version(data: Any) -> str | None:
    """The version a POST says its page was opened on; None when it sends none."""
    value = data.get(VERSION_FIELD) if data is not None else None
    return value if isinstance(value, str) else None


@contextmanager
def unchanged_since(obj: Model, version: str | None) -> Iterator[None]:
    """Run the save inside: a transaction in which ``obj``'s row is locked and still at
    ``version`` (None: not checked). Raises ``EditConflict`` before the save otherwise."""
    with transaction.atomic():
        current = (
            type(obj)
            ._base_manager.select_for_update()
            .filter(pk=obj.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if version is not None and current is not None and current.isoformat() != version:
            raise EditConflict(current.isoformat())
        yield


def differing_fields(form: forms.Form) -> list[tuple[str, str]]:
    """(label, current value) of each field whose typed value differs from the current
    version. The form's ``initial`` (or a ModelForm's instance) must hold the current row."""
    return [
        (str(form.fields[name].label or name), _current(form, name)) for name in form.changed_data
    ]


def _current(form: forms.Form, name: str) -> str:
    form_field = form.fields[name]
    value = form[name].initial
    hidden = isinstance(form_field, forms.FileField)
    if hidden or isinstance(form_field.widget, forms.PasswordInput):
        return "—"
    if value in (None, "", [], ()):
        return "—"
    if isinstance(value, QuerySet):
        value = list(value)
    if isinstance(form_field, forms.ChoiceField):
        choices = {str(key): str(label) for key, label in flatten_choices(form_field.choices)}
        values = value if isinstance(value, list | tuple) else [value]
        shown = [choices.get(str(getattr(v, "pk", v)), str(v)) for v in values]
        return ", ".join(shown) or "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


class EditConflictMixin:
    """For the view of an edit form (a ``FormView``) that saves ``versioned_object()``.

    Its ``form_valid`` saves inside ``self.unchanged_since()``; on ``EditConflict`` it returns
    ``self.edit_conflict(form, conflict)``: the page again, with what was typed, the message
    and the differing fields in the error summary, and the current version in the hidden
    field. The template includes ``includes/_edit_version.html`` inside its form.
    """

    conflict_rows: list[tuple[str, str]] | None = None
    conflict_version: str | None = None

    def versioned_object(self) -> Model | None:
        """What the form edits; None while creating (nothing to compare with)."""
        raise NotImplementedError

    def unchanged_since(self):
        obj = self.versioned_object()
        if obj is None:
            return transaction.atomic()
        return unchanged_since(obj, posted_version(self.request.POST))

    def edit_conflict(self, form: forms.Form, conflict: EditConflict):
        self.conflict_version = conflict.current
        self.conflict_rows = differing_fields(form)
        form.add_error(None, CONFLICT_MESSAGE)
        return self.form_invalid(form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.versioned_object()
        posted = posted_version(self.request.POST) if self.request.method == "POST" else None
        if self.conflict_version is not None:
            context["opened_version"] = self.conflict_version
        elif posted is not None:  # the page again with a problem: still the version opened
            context["opened_version"] = posted
        elif obj is not None:
            context["opened_version"] = version_of(obj)
        context["version_field"] = VERSION_FIELD
        context["conflict_rows"] = self.conflict_rows
        return context
