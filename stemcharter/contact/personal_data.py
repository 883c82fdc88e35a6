"""What the contact form keeps about a person: the messages sent from their addresses.
Registered with accounts (stemcharter/accounts/registry.py) by ``ContactConfig.ready``.

A message is not tied to an account (anyone may write, logged in or not): it belongs to the
address it was sent from. The download holds the messages sent from the account's verified
addresses only (an address added but never confirmed may be someone else's); deleting the
account deletes the messages sent from any of its addresses.
"""

from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stemcharter.accounts.models import User
from stemcharter.accounts.registry import PersonalData, register_personal_data
from stemcharter.accounts.selectors import email_matches_q, iso_datetime, user_email_addresses

from .models import ContactMessage


def _verified_addresses(user: User) -> list[str]:
    return sorted(
        {
            email.lower()
            for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
                "email", flat=True
            )
        }
    )


def _contact_messages(user: User) -> list[dict]:
    addresses = _verified_addresses(user)
    if not addresses:
        return []
    messages = ContactMessage.objects.filter(email_matches_q("email", addresses)).order_by(
        "created_at", "pk"
    )
    return [
        {
            "sent_at": iso_datetime(message.created_at),
            "name": message.name,
            "email": message.email,
            "topic": message.topic,
            "message": message.message,
            "handled_at": iso_datetime(message.handled_at),
        }
        for message in messages
    ]


def _contact_messages_summary(messages: list) -> str:
    counter = len(messages)
    if not counter:
        return ""  # most people never wrote: no line
    return ngettext(
        "%(counter)s message you sent with the contact form",
        "%(counter)s messages you sent with the contact form",
        counter,
    ) % {"counter": counter}


def _delete_contact_messages(user: User) -> None:
    addresses = user_email_addresses(user=user)
    ContactMessage.objects.filter(email_matches_q("email", addresses)).delete()


register_personal_data(
    PersonalData(
        key="contact_messages",
        order=55,
        export=_contact_messages,
        summary=_contact_messages_summary,
        on_delete=_("messages you sent with the contact form are deleted;"),
        erase=_delete_contact_messages,
    )
)

# Who marked a message handled: emptied with the account.
register_personal_data(
    PersonalData(key="contact_bookkeeping", fields=("contact.ContactMessage.handled_by",))
)
