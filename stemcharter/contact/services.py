"""Writes of the contact form: keep the message, email it to the coordinators (or to a region's
contact points), mark it handled, and delete it when it has been kept long enough."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stemcharter.accounts.models import User
from stemcharter.audit.services import audit_record
from stemcharter.notifications.services import email_send_to_user, reply_address
from stemcharter.regions.models import Subregion

from .models import ContactMessage


def contact_message_recipients(*, subregion: Subregion | None) -> list[User]:
    """Who receives a message: the active contact points of ``subregion``, or the active
    coordinators for the general form and for a subregion that has no active contact point."""
    if subregion is not None:
        contact_points = list(subregion.contact_points.filter(is_active=True).order_by("pk"))
        if contact_points:
            return contact_points
    return list(User.objects.filter(is_coordinator=True, is_active=True).order_by("pk"))


def contact_message_send(
    *,
    name: str,
    email: str,
    topic: str,
    message: str,
    language: str,
    subregion: Subregion | None = None,
) -> ContactMessage:
    """Record a message of the contact form and email it, in each recipient's language, with
    the sender as Reply-To (a recipient just answers): to every active coordinator, or, for a
    message to a region (``subregion``), to its contact points (``contact_message_recipients``).
    Nothing is sent to ``email`` itself: a form that mails any address would let anyone send
    our emails to strangers."""
    contact_message = ContactMessage.objects.create(
        name=name.strip(),
        email=email,
        topic=topic,
        message=message.strip(),
        language=language,
        subregion=subregion,
    )
    data = {"topic": topic}
    if subregion is not None:
        data["subregion"] = subregion.slug
    audit_record(
        actor=None,
        code="contact.message.received",
        target=contact_message,
        data=data,
    )
    reply_to = [reply_address(name=contact_message.name, email=contact_message.email)]
    for recipient in contact_message_recipients(subregion=subregion):
        email_send_to_user(
            user=recipient,
            template="contact/email/contact_message",
            context={"contact_message": contact_message},
            reply_to=reply_to,
        )
    return contact_message


@transaction.atomic
def contact_message_handle(*, contact_message: ContactMessage, by: User) -> ContactMessage:
    """Mark a message handled (answered, or nothing to answer), recording who and when.

    Refused when it already is: two coordinators pressing at once record one of them."""
    now = timezone.now()
    marked = ContactMessage.objects.filter(pk=contact_message.pk, handled_at__isnull=True).update(
        handled_at=now, handled_by=by, updated_at=now
    )
    if not marked:
        contact_message.refresh_from_db()
        raise ValidationError(_("This message was already marked handled."), code="already_handled")
    contact_message.refresh_from_db()
    audit_record(actor=by, code="contact.message.handled", target=contact_message)
    return contact_message


def contact_retention_days() -> int:
    """How many days a handled message is kept (an unhandled one twice as long)."""
    return settings.CONTACT_MESSAGE_RETENTION_DAYS


@transaction.atomic
def contact_messages_prune(*, retention_days: int | None = None) -> int:
    """Delete the messages kept long enough; return how many.

    Personal data is not kept for ever: a handled message goes ``retention_days`` days after it
    arrived (by default ``settings.CONTACT_MESSAGE_RETENTION_DAYS``), one nobody marked handled
    after twice as many. The audit trail keeps that it was deleted (its topic, not its sender).
    """
    if retention_days is None:
        retention_days = contact_retention_days()
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    now = timezone.now()
    handled_limit = now - timedelta(days=retention_days)
    unhandled_limit = now - timedelta(days=2 * retention_days)
    stale = list(
        ContactMessage.objects.filter(
            Q(handled_at__isnull=False, created_at__lt=handled_limit)
            | Q(handled_at__isnull=True, created_at__lt=unhandled_limit)
        ).order_by("pk")
    )
    for contact_message in stale:
        audit_record(
            actor=None,
            code="contact.message.pruned",
            target=contact_message,
            data={
                "topic": contact_message.topic,
                "kept_days": retention_days if contact_message.is_handled else 2 * retention_days,
            },
        )
    ContactMessage.objects.filter(pk__in=[m.pk for m in stale]).delete()
    return len(stale)
