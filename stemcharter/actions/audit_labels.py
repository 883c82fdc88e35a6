"""The words for the audit entries about actions (see stemcharter/audit/registry.py); the
review workflow writes them with the prefix of ``services.EDITING_RULES``."""

from django.utils.translation import gettext_lazy as _

from stemcharter.audit.registry import register_audit_labels
from stemcharter.reviews.registry import reviewable_backoffice_url

register_audit_labels(
    codes={
        "actions.action.created": _("Action created"),
        "actions.action.updated": _("Action changed"),
    },
    subjects={"actions": _("Actions"), "actions.action": _("Actions")},
    links={"actions.action": reviewable_backoffice_url},
    # An action is named by its title.
    written_objects=["actions.action"],
)
