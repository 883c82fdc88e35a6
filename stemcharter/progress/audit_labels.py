"""The words for the audit entries about progress reports (see stemcharter/audit/registry.py).
Their review (sent, published, ...) is recorded by ``reviews`` with its own codes."""

import re

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stemcharter.audit.registry import register_audit_labels


def report_name(stored: str) -> str:
    """A progress report's name in the reader's language, from the name stored in an entry in
    the language of whoever acted ("Voortgangsrapport 2026"): only its year counts
    (``ProgressReport.title``). A name without a year is shown as stored."""
    year = re.search(r"\d{4}", stored)
    if year is None:
        return stored
    return gettext("Progress report %(year)s") % {"year": year.group()}


register_audit_labels(
    object_names={"progress.progressreport": report_name},
    codes={
        "progress.report.created": _("Progress report started"),
        "progress.report.updated": _("Progress report changed"),
        "progress.reminder.first": _("Progress report: first reminder sent"),
        "progress.reminder.second": _("Progress report: second reminder sent"),
        "progress.not_reported.shown": _("Shown in public as not reported"),
        "progress.not_reported.hidden": _("No longer shown in public as not reported"),
    },
    # The year of the reminders and of the "did not report" decisions (their target is the
    # organisation, which has no field "year" to name it).
    details={"year": _("Year reported on")},
    subjects={
        "progress": _("Progress reports"),
        "progress.report": _("Progress reports"),
        "progress.reminder": _("Progress reports"),
        "progress.not_reported": _("Progress reports"),
    },
)
