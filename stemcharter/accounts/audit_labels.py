"""The words for the audit entries about accounts (see stemcharter/audit/registry.py).

Signing the charter creates an account (``services.user_create``, called by
``charter.services.signature_sign``).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from stemcharter.audit.registry import register_audit_labels

register_audit_labels(
    codes={
        "accounts.user.created": _("Account created"),
        "accounts.user.preferences_updated": _("Preferences changed"),
        "accounts.user.password_cleared": _("Password removed"),
        "accounts.user.email_corrected": _("Unconfirmed email address corrected"),
        "accounts.user.data_exported": _("Personal data downloaded"),
        "accounts.user.deleted": _("Account deleted"),
    },
    subjects={"accounts": _("Accounts"), "accounts.user": _("User accounts")},
    details={
        "language": _("Language"),
        "old_email": _("Email address before"),
        "contact_point_email_public": _("Email address on the region's page"),
    },
    values={
        "language": lambda value: str(dict(settings.LANGUAGES).get(value, value)),
        "contact_point_email_public": lambda value: str(_("shown") if value else _("not shown")),
    },
    personal_details=["old_email"],
)
