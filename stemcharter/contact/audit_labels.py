"""The words for the audit entries of the contact form (see stemcharter/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from stemcharter.audit.registry import register_audit_labels

from .models import ContactMessage

register_audit_labels(
    codes={"contact.message.received": _("Contact message received")},
    subjects={"contact": _("Contact"), "contact.message": _("Contact messages")},
    details={"topic": _("Topic")},
    values={"topic": dict(ContactMessage.Topic.choices)},
)
