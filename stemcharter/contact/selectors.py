"""Reads of the contact messages, for the coordinators' back office."""

from django.db.models import Count, Q, QuerySet

from .models import ContactMessage

# The views of the list: ``?status=`` value → which messages.
STATUS_FILTERS = {
    "open": Q(handled_at__isnull=True),
    "handled": Q(handled_at__isnull=False),
    "all": Q(),
}


def contact_message_list(*, status: str = "open") -> QuerySet[ContactMessage]:
    """The messages of one view of the list (``STATUS_FILTERS``), newest first."""
    return (
        ContactMessage.objects.filter(STATUS_FILTERS[status])
        .select_related("handled_by")
        .order_by("-created_at", "-pk")
    )


def contact_message_counts() -> dict[str, int]:
    """How many messages are open, handled, and in all (one query)."""
    counts = ContactMessage.objects.aggregate(
        all=Count("pk"), open=Count("pk", filter=Q(handled_at__isnull=True))
    )
    return {**counts, "handled": counts["all"] - counts["open"]}


def contact_message_get(*, pk: int) -> ContactMessage:
    return ContactMessage.objects.select_related("handled_by").get(pk=pk)
