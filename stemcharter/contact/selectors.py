"""Reads of the contact messages, for the back office: every message for a coordinator, those
written to their subregions for a contact point (the queryset twin of ``rules``)."""

from django.db.models import Count, Q, QuerySet

from stemcharter.accounts.rules import is_coordinator

from .models import ContactMessage

# The views of the list: ``?status=`` value → which messages.
STATUS_FILTERS = {
    "open": Q(handled_at__isnull=True),
    "handled": Q(handled_at__isnull=False),
    "all": Q(),
}


def contact_messages_of(*, user, subregions=None) -> QuerySet[ContactMessage]:
    """The messages ``user`` may read: all of them for a coordinator, those written to one of
    their subregions for a contact point. ``subregions`` (a queryset or list of subregions)
    narrows it to those regions' messages."""
    messages = ContactMessage.objects.all()
    if not is_coordinator(user):
        messages = messages.filter(subregion__in=user.contact_point_for.order_by().values("pk"))
    if subregions is not None:
        messages = messages.filter(subregion__in=subregions)
    return messages


def contact_message_list(*, user, status: str = "open") -> QuerySet[ContactMessage]:
    """The messages of one view of the list (``STATUS_FILTERS``) that ``user`` may read,
    newest first."""
    return (
        contact_messages_of(user=user)
        .filter(STATUS_FILTERS[status])
        .select_related("handled_by", "subregion")
        .order_by("-created_at", "-pk")
    )


def contact_message_counts(*, user, subregions=None) -> dict[str, int]:
    """How many of the messages ``user`` may read are open, handled, and in all (one query)."""
    counts = contact_messages_of(user=user, subregions=subregions).aggregate(
        all=Count("pk"), open=Count("pk", filter=Q(handled_at__isnull=True))
    )
    return {**counts, "handled": counts["all"] - counts["open"]}


def contact_message_get(*, pk: int) -> ContactMessage:
    return ContactMessage.objects.select_related("handled_by", "subregion").get(pk=pk)
