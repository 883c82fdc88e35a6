"""The words for the audit entries about stories (see stemcharter/audit/registry.py); the
review workflow writes them with the prefix of ``services.EDITING_RULES``."""

from django.utils.translation import gettext_lazy as _

from stemcharter.audit.registry import register_audit_labels
from stemcharter.reviews.registry import reviewable_backoffice_url

register_audit_labels(
    codes={
        "stories.story.created": _("Story created"),
        "stories.story.updated": _("Story changed"),
    },
    subjects={"stories": _("Stories"), "stories.story": _("Stories")},
    links={"stories.story": reviewable_backoffice_url},
    # A story is named by its title.
    written_objects=["stories.story"],
)
