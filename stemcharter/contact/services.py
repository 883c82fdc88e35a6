"""Writes of the contact form: keep the message and email it to the coordinators."""

from stemcharter.accounts.models import User
from stemcharter.audit.services import audit_record
from stemcharter.notifications.services import email_send_to_user

from .models import ContactMessage


def contact_message_send(
    *, name: str, email: str, topic: str, message: str, language: str
) -> ContactMessage:
    """Record a message of the contact form and email it to every active coordinator, in
    their language. Nothing is sent to ``email`` itself: a form that mails any address
    would let anyone send our emails to strangers."""
    contact_message = ContactMessage.objects.create(
        name=name.strip(),
        email=email,
        topic=topic,
        message=message.strip(),
        language=language,
    )
    audit_record(
        actor=None,
        code="contact.message.received",
        target=contact_message,
        data={"topic": topic},
    )
    for coordinator in User.objects.filter(is_coordinator=True, is_active=True).order_by("pk"):
        email_send_to_user(
            user=coordinator,
            template="contact/email/contact_message",
            context={"contact_message": contact_message},
        )
    return contact_message
