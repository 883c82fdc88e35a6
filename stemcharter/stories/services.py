"""Writing stories: create and change them (the review workflow itself is ``reviews.services``).

``data`` holds model field names: the content fields of ``Story.revision_fields`` and the
many-to-many fields of ``Story.revision_m2m_fields``. A partial ``data`` changes only those
fields, so each step of the portal saves its own part.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemcharter.actions.models import Action
from stemcharter.charter.selectors import is_signatory
from stemcharter.organisations.models import Organisation
from stemcharter.reviews.editing import (
    EditingRules,
    named_organisations_error,
    reviewable_create,
    reviewable_update,
)

from .models import Story

REQUIRED_TEXT_FIELDS = {
    "title": gettext_lazy("Enter a title."),
    "summary": gettext_lazy("Write a short summary of one or two sentences."),
    "body": gettext_lazy("Write the story."),
}


def _check(
    values: dict[str, Any], *, organisation: Organisation, added: dict[str, set]
) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if values.get("kind") not in Story.Kind.values:
        errors["kind"] = _("Choose the kind of story.")
    organisations_error = named_organisations_error(
        added.get("organisations", set()),
        author=organisation,
        author_named=_("Your own organisation is the author: choose other ones."),
        not_signatory=_("Choose organisations among those that signed the charter."),
    )
    if organisations_error:
        errors["organisations"] = organisations_error
    actions = {a.pk for a in added.get("actions", set())}
    if actions and Action.objects.published().filter(pk__in=actions).count() < len(actions):
        errors["actions"] = _("Choose among the published actions.")
    return errors


EDITING_RULES = EditingRules(
    model=Story,
    audit_prefix="stories.story",
    slug_fallback="verhaal",
    required_text=REQUIRED_TEXT_FIELDS,
    may_create=is_signatory,
    not_signatory_message=gettext_lazy(
        "Your organisation can publish stories once a coordinator has approved its "
        "signature of the charter."
    ),
    not_editable_message=gettext_lazy(
        "This story was sent for review or is published, so it cannot be changed now. "
        "Take it back from review, or start a new version."
    ),
    check=_check,
)


def story_create(*, organisation: Organisation, by, data: dict[str, Any]) -> Story:
    """A new story in draft for ``organisation`` (an approved signatory)."""
    return reviewable_create(rules=EDITING_RULES, organisation=organisation, by=by, data=data)


def story_update(*, story: Story, by, data: dict[str, Any]) -> Story:
    """Change a draft, a story with changes requested, one taken offline, or a working copy
    (see ``reviews.editing.reviewable_update``)."""
    return reviewable_update(rules=EDITING_RULES, item=story, by=by, data=data)
