"""The words for the audit entries that the review workflow writes (see
stemcharter/audit/registry.py). The content apps register their own ``<prefix>.created`` and
``<prefix>.updated`` (``EditingRules.audit_prefix``)."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from stemcharter.audit.registry import register_audit_labels

from .registry import reviewable_type_for_key


def _type(key: str) -> str:
    reviewable_type = reviewable_type_for_key(key)
    return str(capfirst(reviewable_type.label)) if reviewable_type else key


register_audit_labels(
    codes={
        "reviews.item.submitted": _("Sent for review"),
        "reviews.item.retracted": _("Taken back from review"),
        "reviews.item.review_started": _("Review started"),
        "reviews.item.published": _("Published after review"),
        "reviews.item.changes_requested": _("Changes requested"),
        "reviews.item.rejected": _("Rejected after review"),
        "reviews.item.withdrawn": _("Taken offline"),
        "reviews.item.revision_started": _("New version started"),
        "reviews.item.revision_discarded": _("New version discarded"),
        "reviews.item.deleted": _("Deleted"),
        "reviews.item.partner_left": _("Organisation took itself off"),
        "reviews.criteria_set.revised": _("Criteria set changed"),
        "reviews.criteria_set.created": _("Criteria set created"),
        "reviews.item.review_taken_over": _("Review taken over"),
    },
    subjects={
        "reviews": _("Reviews"),
        "reviews.item": _("Reviewed items"),
        "reviews.criteria_set": _("Criteria sets"),
    },
    details={
        "type": _("Kind"),
        "revision": _("New version of a published item"),
        # An item a reviewer wrote, published at once (editing.reviewable_create_published).
        "published": _("Published at once"),
        "review": _("Review"),
        "title": _("Title"),
    },
    values={"type": _type},
    # The review's and the organisation's numbers: the item's page (the entry links to it)
    # shows its reviews; the organisation's name is recorded beside its number.
    internal_details=["review", "organisation_id"],
    # The title of a deleted item, as it was: what people wrote, or (a type that registered
    # ``object_names``, a progress report) made again in the reader's language.
    written_details=["title"],
    name_details=["title"],
)
