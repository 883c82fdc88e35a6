"""The audit trail in words: what each code means and how its details read.

The words come from the apps that write the entries (``registry.py``: each app registers its
own in its ``audit_labels.py``); an unknown code or detail key still shows, as it is.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext

from .registry import audit_labels


def code_label(code: str) -> str:
    """The human description of a code; the code itself when it is unknown."""
    label = audit_labels.codes.get(code)
    return str(label) if label is not None else code


def prefix_label(prefix: str) -> str:
    """A full code's description, or "Signatures: all events" for a prefix."""
    if prefix in audit_labels.codes:
        return code_label(prefix)
    subject = audit_labels.subjects.get(prefix)
    if subject is None:
        return prefix
    return gettext("%(subject)s: all events") % {"subject": subject}


def prefix_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """Every code and each of its dotted prefixes, with their descriptions, ordered by code.

    A prefix that reads the same as a shorter one ("Actions: all events" for both "actions"
    and "actions.action") is left out: a list never offers one description twice, and the
    shorter prefix finds at least the same entries.
    """
    prefixes = set()
    for code in codes:
        parts = code.split(".")
        prefixes.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
    labels = {prefix: prefix_label(prefix) for prefix in prefixes}
    return [
        (prefix, label)
        for prefix, label in sorted(labels.items())
        if not any(labels.get(ancestor) == label for ancestor in _ancestors(prefix))
    ]


def _ancestors(prefix: str) -> list[str]:
    parts = prefix.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


def codes_matching(query: str) -> list[str]:
    """The known codes whose description (in the active language) contains ``query``."""
    query = query.casefold()
    return [code for code, label in audit_labels.codes.items() if query in str(label).casefold()]


def _field_label(key: str, model: type[models.Model] | None) -> str:
    if model is None:
        return ""
    try:
        return str(capfirst(model._meta.get_field(key).verbose_name))
    except (FieldDoesNotExist, AttributeError):
        return ""


def field_names(value: Any, model: type[models.Model] | None) -> str:
    """Names of fields (``["alt_text", "position"]``) in words: the model's verbose names."""
    names = value if isinstance(value, list) else [value]
    return ", ".join(_field_label(str(name), model) or str(name) for name in names) or "—"


def _value(key: str, value: Any, model: type[models.Model] | None) -> str:
    if key == "fields":
        return field_names(value, model)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if value is None or value == "":
        return "—"
    value_format = audit_labels.value_format(key)
    if value_format is not None:
        return value_format(value)
    if isinstance(value, list) and len(value) == 2 and _field_label(key, model):
        # A change of one field, recorded as [before, after].
        before, after = (str(v) if v not in (None, "") else "—" for v in value)
        return f"{before} → {after}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def entry_details(entry: Any) -> list[tuple[str, str, bool]]:
    """The entry's data as (label, value, is written) in words, in the order they were
    recorded; "written" is what people typed, in the content language (``written_details``)."""
    model = entry.target_type.model_class() if entry.target_type_id else None
    object_name = _object_name_function(entry)
    details = []
    for key, value in (entry.data or {}).items():
        if key in audit_labels.internal_details:
            continue
        label = audit_labels.details.get(key)
        label = str(label) if label is not None else (_field_label(key, model) or key)
        if object_name is not None and key in audit_labels.name_details and value:
            details.append((label, object_name(str(value)), False))
            continue
        details.append((label, _value(key, value, model), _written(key, value)))
    return details


def _model_key(entry: Any) -> str:
    if not entry.target_type_id:
        return ""
    return f"{entry.target_type.app_label}.{entry.target_type.model}"


def _object_name_function(entry: Any):
    """The registered ``object_names`` function of the entry's object's model, or None."""
    return audit_labels.object_names.get(_model_key(entry))


def object_name(entry: Any) -> str:
    """The entry's object's name as the reader reads it: made again in the current language
    for a model that registered ``object_names`` (a progress report), else as stored."""
    name_function = _object_name_function(entry)
    if name_function is not None and entry.target_repr:
        return name_function(entry.target_repr)
    return entry.target_repr


def _written(key: str, value: Any) -> bool:
    if key not in audit_labels.written_details or not isinstance(value, str) or not value:
        return False
    return value not in audit_labels.value_words.get(key, {})


def object_written(entry: Any) -> bool:
    """Whether the entry's object is named by what people wrote (an action's title)."""
    if not entry.target_type_id or not entry.target_repr:
        return False
    return _model_key(entry) in audit_labels.written_objects
