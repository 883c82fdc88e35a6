"""The words for the audit entries of the contact form (see stemcharter/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stemcharter.audit.registry import BackofficeLink, register_audit_labels

from .models import ContactMessage

register_audit_labels(
    codes={
        "contact.message.received": _("Contact message received"),
        "contact.message.handled": _("Contact message handled"),
        "contact.message.pruned": _("Contact message deleted after its retention period"),
    },
    subjects={"contact": _("Contact"), "contact.message": _("Contact messages")},
    details={"topic": _("Topic"), "kept_days": _("Kept for"), "subregion": _("Region")},
    values={
        "topic": dict(ContactMessage.Topic.choices),
        "kept_days": lambda value: (
            ngettext("%(days)s day", "%(days)s days", value) % {"days": value}
        ),
    },
    links={
        "contact.contactmessage": BackofficeLink("backoffice:contact-message-detail", "pk", "pk")
    },
)
