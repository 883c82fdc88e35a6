"""The audit trail in words: what each code means and how its details read.

This is the one place for these words. A new ``audit_record(code=...)`` needs a line in
``CODE_LABELS``; an unknown code still shows, as the code itself.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

CODE_LABELS = {
    "accounts.user.created": _("Account created"),
    "accounts.user.preferences_updated": _("Preferences changed"),
    "accounts.user.password_cleared": _("Password removed"),
    "accounts.user.data_exported": _("Personal data downloaded"),
    "accounts.user.deleted": _("Account deleted"),
    "charter.version.published": _("Charter version published"),
    "charter.signature.created": _("Signature created"),
    "charter.signature.submitted": _("Signature sent for review"),
    "charter.signature.approved": _("Signature approved"),
    "charter.signature.rejected": _("Signature rejected"),
    "charter.signature.withdrawn": _("Signature withdrawn"),
    "charter.signature.superseded": _("Signature replaced by a newer one"),
    "charter.signature.pruned": _("Unconfirmed signature deleted"),
    "organisations.organisation.created": _("Organisation registered"),
    "organisations.organisation.confirmed": _(
        "Organisation registration confirmed (its signer confirmed the email address)"
    ),
    "organisations.organisation.updated": _("Organisation profile changed"),
    "organisations.membership.removed": _("Member removed"),
    "organisations.membership.role_changed": _("Member's role changed"),
    "organisations.invitation.created": _("Invitation sent"),
    "organisations.invitation.accepted": _("Invitation accepted"),
    "organisations.invitation.revoked": _("Invitation revoked"),
    "organisations.join_request.created": _("Request to join sent"),
    "organisations.join_request.accepted": _("Request to join accepted"),
    "organisations.join_request.declined": _("Request to join declined"),
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
    "actions.action.created": _("Action created"),
    "actions.action.updated": _("Action changed"),
    "stories.story.created": _("Story created"),
    "stories.story.updated": _("Story changed"),
    "images.image.added": _("Image added"),
    "images.image.updated": _("Image changed"),
    "images.image.removed": _("Image removed"),
    "regions.subregion.created": _("Subregion created"),
    "regions.subregion.updated": _("Subregion renamed"),
    "regions.contact_point.added": _("Contact point added"),
    "regions.contact_point.removed": _("Contact point removed"),
}

# What the first parts of the codes are about, for the filter on "everything about ...".
PREFIX_LABELS = {
    "accounts": _("Accounts"),
    "accounts.user": _("User accounts"),
    "charter": _("Charter"),
    "charter.version": _("Charter versions"),
    "charter.signature": _("Signatures"),
    "organisations": _("Organisations"),
    "organisations.organisation": _("Organisation profiles"),
    "organisations.membership": _("Members"),
    "organisations.invitation": _("Invitations"),
    "organisations.join_request": _("Requests to join"),
    "regions": _("Regions"),
    "regions.subregion": _("Subregions"),
    "regions.contact_point": _("Contact points"),
    "reviews": _("Reviews"),
    "reviews.item": _("Reviewed items"),
    "reviews.criteria_set": _("Criteria sets"),
    "actions": _("Actions"),
    "actions.action": _("Actions"),
    "stories": _("Stories"),
    "stories.story": _("Stories"),
    "images": _("Images"),
    "images.image": _("Images"),
}

# Detail keys in the entries' data. Keys not here are looked up among the target model's
# fields (their verbose name), and otherwise shown as they are.
DETAIL_LABELS = {
    "reason": _("Reason"),
    "status": _("Status"),
    "previous_status": _("Status before"),
    "charter_version": _("Charter version"),
    "number": _("Version"),
    "demo": _("Demo text"),
    "fields": _("Changed"),
    "type": _("Kind"),
    "image": _("Image"),
    "alt_text": _("Description of the image"),
    "minors_recognisable": _("Minors recognisable"),
    "changed": _("Changed"),
    "revision": _("New version of a published item"),
    "review": _("Review"),
    "title": _("Title"),
    "user": _("Person"),
    "user_id": _("Account number"),
    "email": _("Email address"),
    "role": _("Role"),
    "new_member": _("New member"),
    "via": _("Through"),
    "language": _("Language"),
    "province": _("Province"),
    "organisation": _("Organisation"),
    "signer_email": _("Signer's email address"),
    "older_than_days": _("Unconfirmed for more than"),
}

VIA_LABELS = {"signing": _("signing the charter")}

# Reasons recorded by the system as a code; reasons people typed are shown as they are.
REASON_LABELS = {
    "email_confirmed_in_other_browser": _(
        "The email address was confirmed in another browser than the one that signed."
    ),
}


def _choice_label(app_label: str, model_name: str, attribute: str) -> Callable[[Any], str]:
    def label(value: Any) -> str:
        choices = getattr(apps.get_model(app_label, model_name), attribute)
        return str(dict(choices.choices).get(value, value))

    return label


def _field_names(value: Any, model: type[models.Model] | None) -> str:
    names = value if isinstance(value, list) else [value]
    return ", ".join(_field_label(str(name), model) or str(name) for name in names) or "—"


VALUE_FORMATS: dict[str, Callable[[Any], str]] = {
    "status": _choice_label("charter", "Signature", "Status"),
    "previous_status": _choice_label("charter", "Signature", "Status"),
    "role": _choice_label("organisations", "Membership", "Role"),
    "language": lambda value: str(dict(settings.LANGUAGES).get(value, value)),
    "via": lambda value: str(VIA_LABELS.get(value, value)),
    "reason": lambda value: str(REASON_LABELS.get(value, value)),
    "older_than_days": lambda value: (
        ngettext("%(days)s day", "%(days)s days", value) % {"days": value}
    ),
}


def code_label(code: str) -> str:
    """The human description of a code; the code itself when it is unknown."""
    label = CODE_LABELS.get(code)
    return str(label) if label is not None else code


def prefix_label(prefix: str) -> str:
    """A full code's description, or "Signatures: all events" for a prefix."""
    if prefix in CODE_LABELS:
        return code_label(prefix)
    subject = PREFIX_LABELS.get(prefix)
    if subject is None:
        return prefix
    return gettext("%(subject)s: all events") % {"subject": subject}


def prefix_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """Every code and each of its dotted prefixes, with their descriptions, ordered by code."""
    prefixes = set()
    for code in codes:
        parts = code.split(".")
        prefixes.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
    return [(prefix, prefix_label(prefix)) for prefix in sorted(prefixes)]


def codes_matching(query: str) -> list[str]:
    """The known codes whose description (in the active language) contains ``query``."""
    query = query.casefold()
    return [code for code, label in CODE_LABELS.items() if query in str(label).casefold()]


def _field_label(key: str, model: type[models.Model] | None) -> str:
    if model is None:
        return ""
    try:
        return str(capfirst(model._meta.get_field(key).verbose_name))
    except (FieldDoesNotExist, AttributeError):
        return ""


def _value(key: str, value: Any, model: type[models.Model] | None) -> str:
    if key == "fields":
        return _field_names(value, model)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if value is None or value == "":
        return "—"
    if key in VALUE_FORMATS:
        return VALUE_FORMATS[key](value)
    if isinstance(value, list) and len(value) == 2 and _field_label(key, model):
        # A change of one field, recorded as [before, after].
        before, after = (str(v) if v not in (None, "") else "—" for v in value)
        return f"{before} → {after}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def entry_details(entry: Any) -> list[tuple[str, str]]:
    """The entry's data as (label, value) pairs in words, in the order they were recorded."""
    model = entry.target_type.model_class() if entry.target_type_id else None
    details = []
    for key, value in (entry.data or {}).items():
        label = DETAIL_LABELS.get(key)
        label = str(label) if label is not None else (_field_label(key, model) or key)
        details.append((label, _value(key, value, model)))
    return details
