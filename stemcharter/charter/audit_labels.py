"""The words for the audit entries that the charter's services write (see
stemcharter/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stemcharter.audit.registry import BackofficeLink, register_audit_labels

from .models import Signature


def _status(value: str) -> str:
    return str(dict(Signature.Status.choices).get(value, value))


register_audit_labels(
    codes={
        "charter.version.published": _("Charter version published"),
        "charter.signature.created": _("Signature created"),
        "charter.signature.submitted": _("Signature sent for review"),
        "charter.signature.approved": _("Signature approved"),
        "charter.signature.rejected": _("Signature rejected"),
        "charter.signature.withdrawn": _("Signature withdrawn"),
        "charter.signature.superseded": _("Signature replaced by a newer one"),
        "charter.signature.pruned": _("Unconfirmed signature deleted"),
        "charter.signature.email_corrected": _("Signer's email address corrected"),
    },
    subjects={
        "charter": _("Charter"),
        "charter.version": _("Charter versions"),
        "charter.signature": _("Signatures"),
    },
    details={
        "status": _("Status"),
        "previous_status": _("Status before"),
        "charter_version": _("Charter version"),
        "demo": _("Demo text"),
        "via": _("Through"),
        "signer_email": _("Signer's email address"),
        "old_signer_email": _("Signer's email address before"),
        "older_than_days": _("Unconfirmed for more than"),
        "referred_by": _("Brought in by"),
    },
    values={
        "status": _status,
        "previous_status": _status,
        # accounts.user.created, when signing made the account.
        "via": {"signing": _("signing the charter")},
        # Reasons recorded by the system as a code; reasons people typed show as they are.
        "reason": {
            "email_confirmed_in_other_browser": _(
                "The email address was confirmed in another browser than the one that signed."
            ),
        },
        "older_than_days": lambda value: (
            ngettext("%(days)s day", "%(days)s days", value) % {"days": value}
        ),
    },
    links={
        "charter.signature": BackofficeLink("backoffice:signature-detail", "pk", "pk"),
        "charter.charterversion": BackofficeLink(
            "backoffice:charter-version-detail", "number", "number"
        ),
    },
    personal_details=["signer_email", "old_signer_email"],
)
