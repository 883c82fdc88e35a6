from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from stemcharter.accounts.rules import is_coordinator
from stemcharter.organisations.conflict_of_interest import member_organisation_ids
from stemcharter.organisations.models import Organisation

from .models import AWAITING_REVIEW_STATUSES, Assessment, CriteriaSet, Review, Reviewable
from .registry import ReviewableType, reviewable_type_for, reviewable_types


def _reviewable_by(reviewable_type: ReviewableType, *, user) -> QuerySet[Reviewable]:
    """The rows of one type that ``user`` may review (the queryset twin of ``rules``): every
    row for a coordinator, those of their subregions for a contact point, never one on which
    an organisation of theirs is named (``without_conflict_of_interest``)."""
    queryset = reviewable_type.model.objects.all()
    if not is_coordinator(user):
        queryset = queryset.filter(
            pk__in=reviewable_type.model.objects.filter(subregions__contact_points=user).values(
                "pk"
            )
        )
    return queryset.without_conflict_of_interest(user)


QUEUE_SORTS = {
    "submitted": lambda item: (item.submitted_at is None, item.submitted_at, item.pk),
    "title": lambda item: (str(item).casefold(), item.pk),
    "organisation": lambda item: (item.organisation.name.casefold(), item.pk),
}


def review_queue(
    *, user, type_key: str = "", status: str = "", sort: str = "submitted"
) -> list[Reviewable]:
    """Everything waiting for a review that this user may review, oldest submission first.

    A coordinator sees all of it; a contact point what concerns their subregions. Items on
    which an organisation of the user is named (its author, a partner, an organisation in a
    story) are left out: nobody reviews their own work. ``type_key`` and ``status`` narrow
    it down (empty: everything); ``sort`` is a key of ``QUEUE_SORTS``, with "-" before it for
    the reverse order.
    """
    statuses = [status] if status else list(AWAITING_REVIEW_STATUSES)
    items: list[Reviewable] = []
    for reviewable_type in reviewable_types():
        if type_key and reviewable_type.key != type_key:
            continue
        queryset = (
            _reviewable_by(reviewable_type, user=user)
            .filter(status__in=statuses)
            .select_related("organisation", "reviewer", "submitted_by", "revision_of")
            .prefetch_related("subregions")
            .order_by("submitted_at", "pk")
        )
        for item in queryset:
            item.reviewable_type = reviewable_type
            items.append(item)
    key = QUEUE_SORTS.get(sort.removeprefix("-"), QUEUE_SORTS["submitted"])
    return sorted(items, key=key, reverse=sort.startswith("-"))


def review_queue_count(*, user) -> int:
    """How many items wait for this user's review (the back-office home page shows it)."""
    return sum(
        _reviewable_by(reviewable_type, user=user)
        .filter(status__in=AWAITING_REVIEW_STATUSES)
        .count()
        for reviewable_type in reviewable_types()
    )


def review_history(*, item: Reviewable) -> QuerySet[Review]:
    """All reviews of the item and of its revisions, newest first, with their verdicts."""
    return (
        Review.objects.filter(
            content_type=ContentType.objects.get_for_model(item), subject_id=item.live_item.pk
        )
        .select_related("reviewer", "criteria_set")
        .prefetch_related(
            Prefetch("assessments", queryset=Assessment.objects.select_related("criterion"))
        )
    )


def review_published(*, item: Reviewable) -> Review | None:
    """The review that published the current version of a live item, for the public page."""
    return review_history(item=item).filter(decision=Review.Decision.PUBLISH).first()


def _decided_without_item(*, user) -> Q:
    """The reviews (of one type, with the type's condition added by the caller) ``user`` sees
    once their item is gone: ``_reviewable_by`` on what the review keeps (``Review.
    organisation``), as the item's subregions went with it. Every one for a coordinator,
    those of organisations active in their subregions for a contact point; never one of an
    organisation of theirs (conflict of interest, ``member_organisation_ids``)."""
    condition = ~Q(organisation__in=member_organisation_ids(user))
    if not is_coordinator(user):
        condition &= Q(
            organisation__in=Organisation.objects.filter(subregions__contact_points=user).values(
                "pk"
            )
        )
    return condition


def review_decided(*, user, type_key: str = "") -> QuerySet[Review]:
    """The decisions on items this user may review, newest first (the "decided" tab).

    A decision stays when its organisation deletes the item (it owns its content; the
    reviewer's decision was made): the review keeps the item's organisation and title, and
    ``_decided_without_item`` says who sees it then. One query, whatever the number of types.
    Call ``reviews_with_subjects`` on the page shown to attach each review's live item.
    """
    gone = _decided_without_item(user=user)
    conditions = []
    for reviewable_type in reviewable_types():
        if type_key and reviewable_type.key != type_key:
            continue
        model = reviewable_type.model
        content_type = ContentType.objects.get_for_model(model)
        conditions.append(
            Q(
                content_type=content_type,
                subject_id__in=_reviewable_by(reviewable_type, user=user).values("pk"),
            )
            | Q(
                ~Exists(model.objects.filter(pk=OuterRef("subject_id"))),
                gone,
                content_type=content_type,
            )
        )
    if not conditions:
        return Review.objects.none()
    return (
        Review.objects.filter(reduce(or_, conditions))
        .select_related("reviewer", "criteria_set", "content_type", "organisation")
        .order_by("-created_at", "-pk")
    )


def reviews_with_subjects(reviews) -> list[Review]:
    """Give each review ``subject`` (its live item, or None once its organisation deleted it:
    the review's ``subject_title`` and ``organisation`` stand for it) and ``reviewable_type``:
    one query per content type."""
    reviews = list(reviews)
    by_type: dict[int, set[int]] = {}
    for review in reviews:
        by_type.setdefault(review.content_type_id, set()).add(review.subject_id)
    subjects: dict[tuple[int, int], Reviewable] = {}
    types: dict[int, ReviewableType] = {}
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        types[content_type_id] = reviewable_type_for(model)
        for item in model.objects.filter(pk__in=ids).select_related("organisation"):
            subjects[(content_type_id, item.pk)] = item
    for review in reviews:
        review.subject = subjects.get((review.content_type_id, review.subject_id))
        review.reviewable_type = types[review.content_type_id]
    return reviews


@dataclass
class FieldChange:
    """One field that a working copy changes compared to the published item."""

    label: str
    before: Any = None
    after: Any = None
    # For lists (many-to-many, images): what the new version adds and removes.
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    is_list: bool = False
    # Text people wrote (a title, a description), in the content language; not a choice, a
    # date or an address.
    written: bool = False


def _written(model_field) -> bool:
    return (
        isinstance(model_field, models.CharField | models.TextField)
        and not isinstance(model_field, models.EmailField | models.URLField)
        and not model_field.choices
    )


def _display(item: Reviewable, name: str) -> Any:
    model_field = item._meta.get_field(name)
    if model_field.choices:
        return getattr(item, f"get_{name}_display")()
    value = getattr(item, name)
    return None if value in (None, "") else value


def _image_descriptions(item: Reviewable) -> list[str]:
    descriptions = []
    for image in item.images.all():
        text = image.alt_text
        if image.caption:
            text += f" ({image.caption})"
        if image.minors_recognisable:
            text += " · " + gettext("minors recognisable, consent recorded")
        descriptions.append(f"{text} [{image.detail.name.rsplit('/', 1)[-1]}]")
    return descriptions


def revision_changes(*, item: Reviewable) -> list[FieldChange]:
    """What a working copy changes compared to its live item, field by field (empty for an
    item that is not a working copy)."""
    if not item.is_revision:
        return []
    live = item.revision_of
    model = type(item)
    changes = []
    for name in model.revision_fields:
        before, after = _display(live, name), _display(item, name)
        if before != after:
            model_field = model._meta.get_field(name)
            changes.append(
                FieldChange(
                    label=str(model_field.verbose_name),
                    before=before,
                    after=after,
                    written=_written(model_field),
                )
            )
    for name in model.revision_m2m_fields:
        before_rows = {str(row) for row in getattr(live, name).all()}
        after_rows = {str(row) for row in getattr(item, name).all()}
        if before_rows != after_rows:
            changes.append(
                FieldChange(
                    label=str(model._meta.get_field(name).verbose_name),
                    added=sorted(after_rows - before_rows),
                    removed=sorted(before_rows - after_rows),
                    is_list=True,
                )
            )
    if hasattr(item, "images"):
        before_images, after_images = _image_descriptions(live), _image_descriptions(item)
        if before_images != after_images:
            changes.append(
                FieldChange(
                    label=gettext("Images"),
                    added=[text for text in after_images if text not in before_images],
                    removed=[text for text in before_images if text not in after_images],
                    is_list=True,
                )
            )
    return changes


def review_public_summary(*, item: Reviewable) -> dict:
    """What the public sees of the review that published the item (not the reviewer's
    comments): the review (its date and criteria set), what the met criteria mean to a visitor
    (``met_public``: their public wording; a criterion without one is left out) and the met
    criteria themselves."""
    review = review_published(item=item)
    met = [
        assessment.criterion
        for assessment in (review.assessments.all() if review else [])
        if assessment.result == Assessment.Result.MET
    ]
    public = [criterion.public for criterion in met if criterion.public]
    return {"review": review, "met_public": public, "met_criteria": met}


def criteria_sets_current() -> QuerySet[CriteriaSet]:
    return (
        CriteriaSet.objects.current()
        .prefetch_related("criteria", "action_types")
        .order_by("name_nl")
    )


def criteria_sets_by_fit(
    *, item: Reviewable, criteria_sets
) -> tuple[list[CriteriaSet], list[CriteriaSet]]:
    """``criteria_sets`` split in those made for the item (its kind, and its action type if it
    has one; those made for its action type first) and the others (``CriteriaSet.fit``)."""
    reviewable_type = reviewable_type_for(item)
    action_type_id = (
        reviewable_type.action_type_id(item) if reviewable_type.action_type_id else None
    )
    ranked, others = [], []
    for criteria_set in criteria_sets:
        rank = criteria_set.fit(kind=reviewable_type.key, action_type_id=action_type_id)
        if rank is None:
            others.append(criteria_set)
        else:
            ranked.append((rank, criteria_set))
    ranked.sort(key=lambda pair: pair[0])  # stable: by name within a rank
    return [criteria_set for _rank, criteria_set in ranked], others


def criteria_set_list() -> QuerySet[CriteriaSet]:
    """The current version of every set, with its number of criteria."""
    return (
        CriteriaSet.objects.current()
        .annotate(criteria_count=Count("criteria"))
        .select_related("created_by")
        .order_by("name_nl")
    )


def criteria_set_versions(*, key: str) -> list[CriteriaSet]:
    """Every version of one set, newest first, with their criteria and use in reviews."""
    return list(
        CriteriaSet.objects.filter(key=key)
        .annotate(review_count=Count("reviews"))
        .select_related("created_by")
        .prefetch_related("criteria", "action_types")
        .order_by("-version")
    )


def criteria_set_suggested(*, item: Reviewable, criteria_sets=None) -> CriteriaSet | None:
    """The set to start a review with: the current version of the set the last review of this
    item used, if it is made for the item; else the set made for it (``criteria_sets_by_fit``);
    else the first current set."""
    criteria_sets = list(criteria_sets if criteria_sets is not None else criteria_sets_current())
    fitting, others = criteria_sets_by_fit(item=item, criteria_sets=criteria_sets)
    last = review_history(item=item).exclude(criteria_set=None).first()
    if last is not None:
        for criteria_set in fitting:
            if criteria_set.key == last.criteria_set.key:
                return criteria_set
    return next(iter(fitting or others), None)
