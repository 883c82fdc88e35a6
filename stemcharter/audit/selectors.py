from django.db.models import Q

from .labels import codes_matching
from .models import AuditEntry, AuditEntryQuerySet


def audit_entry_list(*, query: str = "", code_prefix: str = "") -> AuditEntryQuerySet:
    entries = AuditEntry.objects.select_related("actor", "target_type")
    if code_prefix:
        entries = entries.filter(code__startswith=code_prefix)
    if query:
        entries = entries.filter(
            Q(target_repr__icontains=query)
            | Q(actor__email__icontains=query)
            | Q(code__icontains=query)
            | Q(code__in=codes_matching(query))
        )
    return entries


def audit_entries_by(*, actor) -> AuditEntryQuerySet:
    """What one person did, oldest first (their personal-data download)."""
    return AuditEntry.objects.filter(actor=actor).order_by("created_at", "id")
