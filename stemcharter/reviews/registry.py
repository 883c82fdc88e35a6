"""The content types that go through review, each described once and registered by its app in
``AppConfig.ready``.

A ``ReviewableType`` is the one description of a content type: its key and label, how its items
are written (``EditingRules``, with who may create them), how it appears in the portal
(``ItemPortal``) and what happens after publication. The review queue, the review page, the
notifications and the portal find everything they need about a content type here, so adding one
(events) means one description and one ``register`` call, not a new workflow.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import get_text_list
from django.utils.translation import gettext

if TYPE_CHECKING:
    from .editing import EditingRules
    from .models import Reviewable
    from .portal import ItemPortal


@dataclass(frozen=True)
class ReviewableType:
    key: str  # in back-office URLs: /beheer/beoordelingen/<key>/<pk>/, and the portal's URL names
    model: type["Reviewable"]
    label: str | Promise  # "action", lower case, as in a sentence
    # How its items are written: required texts, checks, who may create (reviews.editing).
    editing: "EditingRules"
    # How it appears in the signatory portal: steps, permissions, texts (reviews.portal).
    portal: "ItemPortal"
    # Called after an item (or a revision) was published, with the live item: for example to
    # refresh a search index.
    after_publish: Callable[["Reviewable"], None] | None = None
    # Called when an item is sent for review, with the locked item, before its status changes:
    # for example to refresh what the platform wrote into it (a progress report's records).
    before_submit: Callable[["Reviewable"], None] | None = None
    # How the item looks on the review page; by default ``<app>/includes/_review_preview.html``.
    preview_template: str = ""
    # What else the reviewer needs beside the item to judge it, read for the review page:
    # ``review_context(item)`` gives the variables ``preview_template`` gets as ``preview``
    # (for example the commitments a progress report is measured against). None: the item.
    review_context: Callable[["Reviewable"], dict[str, Any]] | None = None
    # The id of the item's action type (``vocabulary.ActionType``), when its type has one: the
    # review page preselects the criteria set made for it (``CriteriaSet.fit``).
    action_type_id: Callable[["Reviewable"], int | None] | None = None

    def __post_init__(self) -> None:
        if self.editing.model is not self.model or self.portal.model is not self.model:
            raise ImproperlyConfigured(
                f"{self.key}: its editing rules and portal name another model."
            )
        if self.portal.key != self.key:
            raise ImproperlyConfigured(f"{self.key}: its portal has the key {self.portal.key!r}.")

    def portal_url(self, item: "Reviewable") -> str:
        """Where the author's organisation manages the item (the link in the emails); "" for
        an item without one (an event of the STEM-charter itself)."""
        if item.organisation_id is None:
            return ""
        return reverse(
            self.portal.url_name("detail"),
            kwargs={"organisation_slug": item.organisation.slug, "pk": item.pk},
        )

    def backoffice_url(self, item: "Reviewable") -> str:
        """The item's page in the back office (its review page); "" for a draft that was never
        sent for review, which is the organisation's own business (that page answers 404)."""
        from .models import ReviewStatus  # models imports this module (criteria sets' kinds)

        if item.status == ReviewStatus.DRAFT:
            return ""
        return reverse("backoffice:review-detail", kwargs={"type_key": self.key, "pk": item.pk})

    @property
    def preview_template_name(self) -> str:
        return (
            self.preview_template or f"{self.model._meta.app_label}/includes/_review_preview.html"
        )

    @property
    def label_plural(self) -> str | Promise:
        return self.model._meta.verbose_name_plural


_types: dict[str, ReviewableType] = {}


def register(reviewable_type: ReviewableType) -> None:
    _types[reviewable_type.key] = reviewable_type


def reviewable_types() -> list[ReviewableType]:
    return list(_types.values())


def reviewable_kinds() -> str:
    """What goes through review, in words, from the registered types, in the current
    language: "actions, stories, events and progress reports". Pages that say what is reviewed
    use it, so a type registered later is never left out."""
    return get_text_list([str(t.label_plural) for t in _types.values()], gettext("and"))


def reviewable_type_for_key(key: str) -> ReviewableType | None:
    return _types.get(key)


def reviewable_backoffice_url(item: "Reviewable") -> str:
    """Where an item can be seen in the back office (the audit trail's link to it)."""
    return reviewable_type_for(item).backoffice_url(item)


def reviewable_type_for(item_or_model) -> ReviewableType:
    model = item_or_model if isinstance(item_or_model, type) else type(item_or_model)
    for reviewable_type in _types.values():
        if reviewable_type.model is model:
            return reviewable_type
    raise LookupError(f"{model.__name__} is not registered in reviews.registry")
