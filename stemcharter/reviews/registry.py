"""The content types that go through review, registered by their apps in ``AppConfig.ready``.

The review queue, the review page and the notifications find everything they need about a
content type here, so adding one (events) means one ``register`` call, not a new workflow.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from .models import Reviewable


@dataclass(frozen=True)
class ReviewableType:
    key: str  # in back-office URLs: /beheer/beoordelingen/<key>/<pk>/
    model: type["Reviewable"]
    label: str | Promise  # "action", lower case, as in a sentence
    # Where the author's organisation manages the item (the link in the emails).
    portal_url: Callable[["Reviewable"], str]
    # Called after an item (or a revision) was published, with the live item: for example to
    # refresh a search index.
    after_publish: Callable[["Reviewable"], None] | None = None
    # How the item looks on the review page; by default ``<app>/includes/_review_preview.html``.
    preview_template: str = ""

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


def reviewable_type_for_key(key: str) -> ReviewableType | None:
    return _types.get(key)


def reviewable_type_for(item_or_model) -> ReviewableType:
    model = item_or_model if isinstance(item_or_model, type) else type(item_or_model)
    for reviewable_type in _types.values():
        if reviewable_type.model is model:
            return reviewable_type
    raise LookupError(f"{model.__name__} is not registered in reviews.registry")
