"""The demo's signings at an event (``scripts/start``, through ``demo_data``): a few demo
signatories signed the charter at the past "STEM Doe-dag (demo)", its launch, so that event's
page names them. Recorded through the events' service, as a coordinator would set them, and
dated on the day of the event (the audit trail too)."""

from stemcharter.accounts.models import User
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.models import Signature
from stemcharter.events.models import Event, EventSignature
from stemcharter.events.services import event_signature_record

DOE_DAG = "STEM Doe-dag (demo)"
SIGNED_THERE = 4


def demo_event_signatures_load(*, coordinator: User, domain: str) -> int:
    """Record a few approved demo signatures (signed from an address at ``domain``) at the
    Doe-dag; returns how many (none when the event is missing or has them already)."""
    event = Event.objects.published().filter(title=DOE_DAG).first()
    if event is None or EventSignature.objects.filter(event=event).exists():
        return 0
    signatures = (
        Signature.objects.approved()
        .filter(signer_email__iendswith=f"@{domain}")
        .order_by("organisation__name")[:SIGNED_THERE]
    )
    recorded = 0
    for signature in signatures:
        row = event_signature_record(event=event, signature=signature, by=coordinator)
        EventSignature.objects.filter(pk=row.pk).update(created_at=event.starts_at)
        recorded += 1
    AuditEntry.objects.for_object(event).filter(code="events.event.signed_at").update(
        created_at=event.starts_at
    )
    return recorded
