"""Ids and numbers from outside (forms, query strings, URLs) that no database column holds.

A visitor may send any text where we expect an id: 30 digits, Unicode digits such as "²" that
``str.isdigit()`` accepts, a negative number. Such a value must be refused where it comes in,
with the field's own message or a 404, before it reaches a query: SQLite raises OverflowError
on an integer beyond 64 bits (``pk__in=[...]``), PostgreSQL refuses one beyond the column's
type whenever the value is bound as that type (with Django's default client-side binding it
compares it as a numeric and finds nothing), and ``int("²")`` raises ValueError in the ORM.

- ``parse_id``: an id from a query string or a hidden field, or None;
- ``IdModelChoiceField`` and ``IdModelMultipleChoiceField``: the model choice fields every form
  of the project uses (``common/tests/test_numbers_out_of_range.py`` walks the forms);
- ``IdField``: an id as a number field (a hidden field naming a row);
- ``IdConverter``: the ``<id:pk>`` path converter, at most 18 digits (registered in
  ``CommonConfig.ready``), so a longer id is a 404 like an unknown one;
- ``IntegerFieldIn``: the ``in`` lookup of integer fields (registered in ``CommonConfig.ready``)
  leaves out values outside the column's range, as Django's own ``exact``, ``gt``, ... do
  since Django 5.0, so ``pk__in=[...]`` with a too big id matches nothing instead of crashing
  (the forms of the Django admin, and any code that filters on ids it was given);
- ``POSITIVE_INTEGER_MAX``: the largest value of a ``PositiveIntegerField`` on PostgreSQL,
  the bound of number fields whose value goes to such a column.
"""

import copy
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.lookups import In

# The largest value of a bigint (BigAutoField, PositiveBigIntegerField) column.
BIGINT_MAX = 2**63 - 1
# The largest value of an integer (PositiveIntegerField) column on PostgreSQL.
POSITIVE_INTEGER_MAX = 2**31 - 1
# 1 to 18 ASCII digits: every such number fits in a bigint (19 digits may not).
ID_DIGITS = r"[0-9]{1,18}"
_ID = re.compile(ID_DIGITS)


def parse_id(value: Any) -> int | None:
    """The id in ``value`` (a string of 1 to 18 ASCII digits, or an int from 0 to
    ``BIGINT_MAX``), or None for anything else: empty, too long, signed, spaced, "1.0", "²".
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= BIGINT_MAX else None
    if isinstance(value, str) and _ID.fullmatch(value):
        return int(value)
    return None


def _refuse(form_field: forms.ModelChoiceField, value: Any) -> ValidationError:
    return ValidationError(
        form_field.error_messages["invalid_choice"],
        code="invalid_choice",
        params={"value": str(value)[:30]},
    )


class IdModelChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` that refuses a value that cannot be an id (see ``parse_id``)
    with its ``invalid_choice`` message, before querying. With ``to_field_name`` the values
    are not ids and are passed on as they are."""

    def to_python(self, value: Any) -> Any:
        if (
            value not in self.empty_values
            and self.to_field_name is None
            and not isinstance(value, self.queryset.model)
            and parse_id(value) is None
        ):
            raise _refuse(self, value)
        return super().to_python(value)


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ``ModelMultipleChoiceField`` that refuses the list when one of its values cannot be
    an id (see ``parse_id``), with its ``invalid_choice`` message, before querying."""

    def _check_values(self, value: Any) -> Any:
        if self.to_field_name is None and isinstance(value, list | tuple):
            for item in value:
                if parse_id(item) is None:
                    raise _refuse(self, item)
        return super()._check_values(value)


class IdField(forms.IntegerField):
    """An id typed as a number, for example in a hidden field: from 1 to ``BIGINT_MAX``
    unless ``min_value`` or ``max_value`` say otherwise."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(**kwargs)


class IdConverter:
    """``<id:pk>``: an id of 1 to 18 digits. Django's ``<int:pk>`` takes any number of digits,
    so a 25-digit id would reach the query; with this one the URL matches nothing (a 404)."""

    regex = ID_DIGITS

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(value)


class IntegerFieldIn(In):
    """``in`` on an integer field, without the values its column cannot hold (they match no
    row). Django leaves them in, and SQLite raises OverflowError on one beyond 64 bits; the
    ``exact`` lookup already drops them (``IntegerFieldOverflow``). No value left: no row."""

    def as_sql(self, compiler, connection):
        if self.rhs_is_direct_value():
            try:
                low, high = connection.ops.integer_field_range(
                    self.lhs.output_field.get_internal_type()
                )
            except KeyError:  # an integer field of a type the backend does not know
                return super().as_sql(compiler, connection)
            kept = [value for value in self.rhs if not _outside(value, low, high)]
            if len(kept) != len(self.rhs):
                lookup = copy.copy(self)
                lookup.rhs = kept
                return In.as_sql(lookup, compiler, connection)
        return super().as_sql(compiler, connection)


def _outside(value: Any, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    return (low is not None and value < low) or (high is not None and value > high)
