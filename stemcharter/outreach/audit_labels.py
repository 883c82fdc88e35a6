"""The words for the audit entries of outreach (see stemcharter/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from stemcharter.audit.registry import BackofficeLink, register_audit_labels

# --- pipeline ---
register_audit_labels(
    codes={
        "outreach.prospect.imported": _("Prospects imported"),
        "outreach.prospect.created": _("Prospect added"),
        "outreach.prospect.changed": _("Prospect changed"),
        "outreach.prospect.invited": _("Prospect invited by a signatory"),
        "outreach.prospect.signed": _("Prospect signed"),
    },
    subjects={
        "outreach": _("Outreach"),
        "outreach.prospect": _("Outreach pipeline"),
    },
    links={"outreach.prospect": BackofficeLink("backoffice:prospect-detail", "pk", "pk")},
    details={
        "prospects_created": _("Prospects added"),
        "prospects_updated": _("Prospects completed"),
        "rows_skipped": _("Rows skipped"),
    },
    # A prospect is named by what a coordinator or a file wrote.
    written_objects=["outreach.prospect"],
)
# --- end of pipeline ---
