from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from .labels import codes_matching
from .models import AuditEntry, AuditEntryQuerySet


def audit_entry_list() -> AuditEntryQuerySet:
    return AuditEntry.objects.select_related("actor", "target_type")


def audit_entries_matching(entries: AuditEntryQuerySet, *, query: str) -> AuditEntryQuerySet:
    """The entries whose object, person, code or code's description contains ``query``."""
    if not query:
        return entries
    return entries.filter(
        Q(target_repr__icontains=query)
        | Q(actor__email__icontains=query)
        | Q(code__icontains=query)
        | Q(code__in=codes_matching(query))
    )


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries_between(
    entries: AuditEntryQuerySet, *, first: date | None = None, last: date | None = None
) -> AuditEntryQuerySet:
    """The entries written on ``first`` or later and on ``last`` or earlier (whole days in the
    site's time zone; a range on the column itself, so its index serves it)."""
    if first:
        entries = entries.filter(created_at__gte=_start_of(first))
    if last:
        entries = entries.filter(created_at__lt=_start_of(last + timedelta(days=1)))
    return entries


def audit_entries_by(*, actor) -> AuditEntryQuerySet:
    """What one person did, oldest first (their personal-data download)."""
    return AuditEntry.objects.filter(actor=actor).order_by("created_at", "id")
