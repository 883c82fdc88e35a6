from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from .models import AuditEntry
from .registry import audit_labels


def audit_record(
    *,
    actor: Any | None,
    code: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record a state change with a dotted code such as ``charter.signature.approved``."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        code=code,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data or {},
    )


def audit_forget(*, target: models.Model, addresses: list[str], replacement: str) -> None:
    """Take a person out of the trail, keeping the events: entries about ``target`` lose its
    name, and the details that can hold an email address (``personal_details``, registered by
    the apps that write them) lose any of ``addresses`` (lower case), in any letter case."""
    AuditEntry.objects.for_object(target).update(target_repr=replacement)
    keys = sorted(audit_labels.personal_details)
    mentions = Q(pk__in=[])
    for key in keys:
        for address in addresses:
            mentions |= Q(**{f"data__{key}__iexact": address})
    for entry in AuditEntry.objects.filter(mentions):
        for key in keys:
            value = entry.data.get(key)
            if isinstance(value, str) and value.lower() in addresses:
                entry.data[key] = replacement
        entry.save(update_fields=["data"])
