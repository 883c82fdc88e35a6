"""The review workflow: the only code that changes the review status of an item.

States and transitions (see README.md):

    draft ──submit──▶ submitted ──start──▶ under review ──decide──▶ published
      ▲                  │                                   ├──▶ changes requested ──submit──▶ …
      └────retract───────┘                                   └──▶ rejected
    published ──withdraw──▶ taken offline ──submit──▶ …
    published ──revision_start──▶ working copy (draft) … published: copied onto the live item

Every transition is recorded in the audit trail and emailed to the author's organisation.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from stemcharter.audit.services import audit_record

from .models import (
    SUBJECT_TITLE_MAX_LENGTH,
    Assessment,
    CriteriaSet,
    Criterion,
    Review,
    Reviewable,
    ReviewStatus,
)
from .notifications import notify_reviewers, notify_transition
from .registry import reviewable_type_for, reviewable_types


@dataclass(frozen=True)
class AssessmentData:
    criterion_id: int
    result: str
    comment: str = ""


def _locked(item: Reviewable) -> Reviewable:
    """The item's row, locked until the transaction ends, with its current status."""
    try:
        return type(item).objects.select_for_update().get(pk=item.pk)
    except type(item).DoesNotExist as error:
        # For example a working copy that someone published (merged) or deleted meanwhile.
        raise ValidationError(
            _("This is no longer here: it was published or deleted meanwhile."), code="gone"
        ) from error


def _refuse_conflict_of_interest(item: Reviewable, by) -> None:
    """Nobody reviews an item on which their organisation is named: its author, a partner of a
    joint action, an organisation a story names (``Reviewable.has_conflict_of_interest``, the
    rule of ``rules.py`` and of the queue). Raises ValidationError (code
    ``conflict_of_interest``)."""
    if item.has_conflict_of_interest(by):
        raise ValidationError(
            _(
                "You cannot review this: your organisation is named on it. Another contact "
                "point or a coordinator reviews it."
            ),
            code="conflict_of_interest",
        )


def _audit(*, item: Reviewable, by, code: str, data: dict | None = None) -> None:
    audit_record(
        actor=by,
        code=code,
        target=item.live_item,
        data={"type": reviewable_type_for(item).key, "revision": item.is_revision, **(data or {})},
    )


@transaction.atomic
def review_submit(*, item: Reviewable, by) -> Reviewable:
    """The author sends a draft (or a changed item) for review."""
    item = _locked(item)
    if not item.is_editable:
        raise ValidationError(_("This has already been sent for review."), code="already_submitted")
    if not item.is_revision and type(item).objects.filter(revision_of=item).exists():
        raise ValidationError(
            _("A new version of this is waiting. Send that one, or discard it first."),
            code="pending_revision",
        )
    problems = item.review_problems()
    if problems:
        raise ValidationError(problems, code="problems")
    before_submit = reviewable_type_for(item).before_submit
    if before_submit is not None:
        before_submit(item)
    item.status = ReviewStatus.SUBMITTED
    item.submitted_at = timezone.now()
    item.submitted_by = by
    item.reviewer = None
    item.save(update_fields=["status", "submitted_at", "submitted_by", "reviewer", "updated_at"])
    _audit(item=item, by=by, code="reviews.item.submitted")
    notify_transition(item=item, event="submitted")
    notify_reviewers(item=item)
    return item


@transaction.atomic
def review_retract(*, item: Reviewable, by) -> Reviewable:
    """The author takes back a submission that no reviewer has started on."""
    item = _locked(item)
    if item.status != ReviewStatus.SUBMITTED:
        raise ValidationError(
            _("A reviewer has already started on this, so it can no longer be taken back."),
            code="not_submitted",
        )
    item.status = ReviewStatus.DRAFT
    item.save(update_fields=["status", "updated_at"])
    _audit(item=item, by=by, code="reviews.item.retracted")
    notify_transition(item=item, event="retracted")
    return item


@transaction.atomic
def review_start(*, item: Reviewable, by, take_over: bool = False) -> Reviewable:
    """A reviewer takes a submitted item under review, so others see it is being handled.

    With ``take_over`` the caller (a coordinator, checked by the view) takes over a review
    someone else started, for example when that reviewer is away. Raises ValidationError when
    the item is not waiting for this reviewer, or when an organisation of ``by`` is named on
    it (code ``conflict_of_interest``).
    """
    item = _locked(item)
    _refuse_conflict_of_interest(item, by)
    if item.status == ReviewStatus.UNDER_REVIEW:
        if item.reviewer_id == by.pk:
            return item
        if not take_over:
            raise ValidationError(
                _("Someone else is already reviewing this."), code="already_under_review"
            )
        previous = str(item.reviewer) if item.reviewer_id else ""
        item.reviewer = by
        item.save(update_fields=["reviewer", "updated_at"])
        # "user": the reviewer who started, shown as "Person" in the audit trail.
        _audit(item=item, by=by, code="reviews.item.review_taken_over", data={"user": previous})
        return item
    if item.status != ReviewStatus.SUBMITTED:
        raise ValidationError(_("This is not waiting for a review."), code="not_submitted")
    item.status = ReviewStatus.UNDER_REVIEW
    item.reviewer = by
    item.save(update_fields=["status", "reviewer", "updated_at"])
    _audit(item=item, by=by, code="reviews.item.review_started")
    notify_transition(item=item, event="review_started")
    return item


def _validate_decision(
    *,
    item: Reviewable,
    decision: str,
    criteria_set: CriteriaSet | None,
    assessments: list[AssessmentData],
    comment: str,
) -> list[Criterion]:
    errors = []
    criteria: list[Criterion] = []
    if decision not in Review.Decision.values:
        raise ValidationError(_("Choose a decision."), code="decision")
    if decision == Review.Decision.REJECT and not comment.strip():
        errors.append(
            ValidationError(_("Give the reason for the rejection."), code="reason_required")
        )
    if criteria_set is None and decision != Review.Decision.REJECT:
        errors.append(ValidationError(_("Choose the criteria you reviewed against."), code="set"))
    if criteria_set is not None:
        criteria = list(criteria_set.criteria.all())
        answered = {assessment.criterion_id for assessment in assessments}
        known = {criterion.pk for criterion in criteria}
        if answered - known:
            errors.append(
                ValidationError(_("The criteria do not belong to this set."), code="criteria")
            )
        elif decision != Review.Decision.REJECT and answered != known:
            errors.append(
                ValidationError(_("Give a verdict on every criterion."), code="incomplete")
            )
        for assessment in assessments:
            if assessment.result not in Assessment.Result.values:
                errors.append(ValidationError(_("Choose met, not met or not applicable.")))
    if decision == Review.Decision.REQUEST_CHANGES:
        asks = [
            assessment
            for assessment in assessments
            if assessment.result == Assessment.Result.NOT_MET and assessment.comment.strip()
        ]
        if not asks and not comment.strip():
            errors.append(
                ValidationError(
                    _(
                        "Say what should change: mark a criterion as not met with a comment, "
                        "or write a general comment."
                    ),
                    code="changes_unexplained",
                )
            )
    if decision == Review.Decision.PUBLISH:
        errors.extend(ValidationError(problem) for problem in item.review_problems())
        if item.is_revision and item.revision_of.status != ReviewStatus.PUBLISHED:
            errors.append(
                ValidationError(
                    _(
                        "The published version was taken offline meanwhile, so this new "
                        "version cannot replace it. Ask for changes or reject it."
                    ),
                    code="live_offline",
                )
            )
    if errors:
        raise ValidationError(errors)
    return criteria


@transaction.atomic
def review_decide(
    *,
    item: Reviewable,
    by,
    decision: str,
    criteria_set: CriteriaSet | None,
    assessments: list[AssessmentData],
    comment: str = "",
) -> Review:
    """The reviewer publishes the item, asks for changes, or rejects it, with a verdict per
    criterion of the chosen set. Returns the review; the item may be gone afterwards (a
    published working copy is merged into its live item). Raises ValidationError when the
    decision is incomplete, the item is not under review by ``by``, or an organisation of
    ``by`` is named on it (code ``conflict_of_interest``: joining one after starting counts).
    """
    item = _locked(item)
    _refuse_conflict_of_interest(item, by)
    if item.status != ReviewStatus.UNDER_REVIEW:
        raise ValidationError(
            _("Start the review first; it may also have been decided already."),
            code="not_under_review",
        )
    if item.reviewer_id is not None and item.reviewer_id != getattr(by, "pk", None):
        raise ValidationError(
            _(
                "Someone else is reviewing this. Only they can decide, unless a coordinator "
                "takes the review over."
            ),
            code="other_reviewer",
        )
    _validate_decision(
        item=item,
        decision=decision,
        criteria_set=criteria_set,
        assessments=assessments,
        comment=comment,
    )
    live = item.live_item
    review = Review.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        subject_id=live.pk,
        organisation_id=live.organisation_id,
        subject_title=str(item)[:SUBJECT_TITLE_MAX_LENGTH],
        reviewer=by,
        criteria_set=criteria_set,
        decision=decision,
        comment=comment.strip(),
    )
    Assessment.objects.bulk_create(
        Assessment(
            review=review,
            criterion_id=assessment.criterion_id,
            result=assessment.result,
            comment=assessment.comment.strip(),
        )
        for assessment in assessments
    )
    if decision == Review.Decision.PUBLISH:
        _audit(item=item, by=by, code="reviews.item.published", data={"review": review.pk})
        notify_transition(item=item, event="published", review=review)
        _publish(item)
    else:
        if decision == Review.Decision.REQUEST_CHANGES:
            status, event, code = (
                ReviewStatus.CHANGES_REQUESTED,
                "changes_requested",
                "reviews.item.changes_requested",
            )
        else:
            status, event, code = ReviewStatus.REJECTED, "rejected", "reviews.item.rejected"
        item.status = status
        item.save(update_fields=["status", "updated_at"])
        _audit(item=item, by=by, code=code, data={"review": review.pk})
        notify_transition(item=item, event=event, review=review)
    return review


def _publish(item: Reviewable) -> Reviewable:
    now = timezone.now()
    if not item.is_revision:
        item.status = ReviewStatus.PUBLISHED
        item.published_at = now
        item.first_published_at = item.first_published_at or now
        item.save()
        live = item
    else:
        live = _locked(item.revision_of)
        for field in type(item).revision_fields:
            setattr(live, field, getattr(item, field))
        for field in type(item).revision_m2m_fields:
            getattr(live, field).set(getattr(item, field).all())
        item.revision_applied(live)
        live.published_at = now
        live.reviewer = item.reviewer
        live.submitted_at = item.submitted_at
        live.submitted_by = item.submitted_by
        live.save()
        item.delete()
    after_publish = reviewable_type_for(live).after_publish
    if after_publish is not None:
        after_publish(live)
    return live


@transaction.atomic
def review_withdraw(*, item: Reviewable, by, reason: str = "") -> Reviewable:
    """Take a published item offline (the author, or a reviewer guarding quality)."""
    item = _locked(item)
    if item.status != ReviewStatus.PUBLISHED or item.is_revision:
        raise ValidationError(_("Only a published item can be taken offline."), code="state")
    item.status = ReviewStatus.WITHDRAWN
    item.save(update_fields=["status", "updated_at"])
    # Offline, the item itself is editable again: a new version waiting beside it would be a
    # second copy of the same content in review.
    pending = type(item).objects.filter(revision_of=item).first()
    if pending is not None:
        _discard(pending, by=by)
    _audit(item=item, by=by, code="reviews.item.withdrawn", data={"reason": reason.strip()})
    notify_transition(item=item, event="withdrawn", reason=reason.strip())
    return item


def revision_start(*, item: Reviewable, by) -> Reviewable:
    """A working copy of a published item to edit, while the item itself stays online.

    There is at most one per item: asking again (or two people at once) gives the same copy.
    """
    try:
        with transaction.atomic():
            live = _locked(item.live_item)
            existing = type(live).objects.filter(revision_of=live).first()
            if existing is not None and existing.status != ReviewStatus.REJECTED:
                return existing
            if existing is not None:
                # A rejected new version is done with; its reviews stay in the live item's
                # history. Start afresh from what is online.
                _discard(existing, by=by)
            if live.status != ReviewStatus.PUBLISHED:
                raise ValidationError(
                    _("Only a published item is changed through a new version."), code="state"
                )
            copy = type(live)(revision_of=live, status=ReviewStatus.DRAFT, created_by=by)
            for field in ["organisation", "slug", *type(live).revision_fields]:
                setattr(copy, field, getattr(live, field))
            copy.save()
            for field in type(live).revision_m2m_fields:
                getattr(copy, field).set(getattr(live, field).all())
            live.revision_copied(copy)
            _audit(item=copy, by=by, code="reviews.item.revision_started")
            return copy
    except IntegrityError:
        return type(item).objects.get(revision_of=item.live_item)


def review_item_delete_refusal(item: Reviewable) -> ValidationError | None:
    """Why the author's organisation may not delete ``item`` (a ValidationError with the
    reason, in the current language), or None when it may: a draft, a rejected item, an item
    taken offline or a working copy, not while it is reviewed or online. An item of a type
    that keeps what was sent (``EditingRules.deletable_once_sent`` False) is deletable only
    while it was never sent for review: its reviewers' decisions stay in the history, so its
    reason never promises a deletion after taking it back or offline. Codes: ``in_review``,
    ``published``, ``kept``."""
    kept = not item.is_revision and not reviewable_type_for(item).editing.deletable_once_sent
    if item.status in (ReviewStatus.SUBMITTED, ReviewStatus.UNDER_REVIEW):
        if kept:
            return ValidationError(
                _(
                    "This was sent for review, so it stays, with its reviewers' decisions: it "
                    "cannot be deleted, also not after taking it back."
                ),
                code="in_review",
            )
        return ValidationError(
            _("This is being reviewed. Take it back first, if a reviewer has not started yet."),
            code="in_review",
        )
    if item.status == ReviewStatus.PUBLISHED:
        if kept:
            return ValidationError(
                _(
                    "This is published, so it stays, with its reviewers' decisions: it cannot "
                    "be deleted. You can take it offline."
                ),
                code="published",
            )
        return ValidationError(
            _("A published item cannot be deleted. Take it offline first."), code="published"
        )
    if kept and item.submitted_at is not None:
        return ValidationError(
            _(
                "This was sent for review, so it stays, with its reviewers' decisions. Change "
                "it and send it for review again."
            ),
            code="kept",
        )
    return None


def review_item_deletable(item: Reviewable) -> bool:
    """Whether the author's organisation may delete ``item`` (``review_item_delete_refusal``
    has no reason against it)."""
    return review_item_delete_refusal(item) is None


@transaction.atomic
def review_item_delete(*, item: Reviewable, by) -> None:
    """Delete a draft, a rejected item, an item taken offline, or a working copy. Raises the
    ValidationError of ``review_item_delete_refusal`` when it may not be deleted."""
    item = _locked(item)
    refusal = review_item_delete_refusal(item)
    if refusal is not None:
        raise refusal
    _discard(item, by=by)


def _discard(item: Reviewable, *, by) -> None:
    code = "reviews.item.revision_discarded" if item.is_revision else "reviews.item.deleted"
    _audit(item=item, by=by, code=code, data={"title": str(item)})
    item.deleting()
    item.delete()


@dataclass(frozen=True)
class CriterionData:
    """One criterion of a new version of a criteria set, in the order of the list."""

    name_nl: str
    name_en: str = ""
    description_nl: str = ""
    description_en: str = ""
    public_nl: str = ""  # what it means to a visitor when it is met (the public page)
    public_en: str = ""


def _validate_criteria_set(
    *, name_nl: str, criteria: list[CriterionData], kinds: list[str], action_types
) -> None:
    errors = []
    known = {reviewable_type.key for reviewable_type in reviewable_types()}
    if any(kind not in known for kind in kinds):
        errors.append(ValidationError(_("Choose kinds of items that exist."), code="kinds"))
    elif action_types and kinds and "action" not in kinds:
        errors.append(
            ValidationError(
                _(
                    "Action types only apply to actions: tick “Actions” too, or untick the "
                    "action types."
                ),
                code="action_types",
            )
        )
    if not name_nl.strip():
        errors.append(ValidationError(_("Give the set a Dutch name."), code="name_nl"))
    if not criteria:
        errors.append(ValidationError(_("Add at least one criterion."), code="no_criteria"))
    if any(not criterion.name_nl.strip() for criterion in criteria):
        errors.append(
            ValidationError(_("Give every criterion a Dutch name."), code="criterion_name")
        )
    if errors:
        raise ValidationError(errors)


def _criteria_set_fill(
    criteria_set: CriteriaSet,
    *,
    name_nl: str,
    name_en: str,
    description_nl: str,
    description_en: str,
    criteria: list[CriterionData],
    kinds: list[str],
    action_types,
) -> None:
    criteria_set.name_nl = name_nl.strip()
    criteria_set.name_en = name_en.strip()
    criteria_set.description_nl = description_nl.strip()
    criteria_set.description_en = description_en.strip()
    criteria_set.kinds = sorted(set(kinds))
    criteria_set.full_clean(exclude=["key"])
    criteria_set.save()
    criteria_set.action_types.set(action_types)
    rows = [
        Criterion(
            criteria_set=criteria_set,
            position=position,
            name_nl=criterion.name_nl.strip(),
            name_en=criterion.name_en.strip(),
            description_nl=criterion.description_nl.strip(),
            description_en=criterion.description_en.strip(),
            public_nl=criterion.public_nl.strip(),
            public_en=criterion.public_en.strip(),
        )
        for position, criterion in enumerate(criteria, start=1)
    ]
    for row in rows:
        row.full_clean(exclude=["criteria_set"])
    Criterion.objects.bulk_create(rows)


@transaction.atomic
def criteria_set_revise(
    *,
    criteria_set: CriteriaSet,
    by,
    name_nl: str,
    name_en: str = "",
    description_nl: str = "",
    description_en: str = "",
    criteria: list[CriterionData],
    kinds: list[str] | None = None,
    action_types=None,
) -> CriteriaSet:
    """A new version of the set, with ``criteria`` as they are now; the old version stays for
    the reviews that used it. ``criteria_set`` is the version the coordinator started from: if
    someone else made a newer one meanwhile, nothing changes and the coordinator is told.
    ``kinds`` and ``action_types`` say what it is for (None: as the version it started from)."""
    if kinds is None:
        kinds = list(criteria_set.kinds)
    if action_types is None:
        action_types = list(criteria_set.action_types.all())
    _validate_criteria_set(
        name_nl=name_nl, criteria=criteria, kinds=kinds, action_types=action_types
    )
    current = CriteriaSet.objects.select_for_update().filter(pk=criteria_set.pk).first()
    if current is None or not current.is_current:
        raise ValidationError(
            _(
                "Someone else changed this criteria set meanwhile. Open it again to see the "
                "newest version, and make your changes there."
            ),
            code="stale",
        )
    current.is_current = False
    current.save(update_fields=["is_current", "updated_at"])
    revised = CriteriaSet(
        key=current.key, version=current.version + 1, is_current=True, created_by=by
    )
    _criteria_set_fill(
        revised,
        name_nl=name_nl,
        name_en=name_en,
        description_nl=description_nl,
        description_en=description_en,
        criteria=criteria,
        kinds=kinds,
        action_types=action_types,
    )
    audit_record(
        actor=by,
        code="reviews.criteria_set.revised",
        target=revised,
        data={"number": revised.version},
    )
    return revised


@transaction.atomic
def criteria_set_create(
    *,
    by,
    name_nl: str,
    name_en: str = "",
    description_nl: str = "",
    description_en: str = "",
    criteria: list[CriterionData],
    kinds: list[str] = (),
    action_types=(),
) -> CriteriaSet:
    """A new criteria set (version 1), with a key made from its Dutch name; ``kinds`` (keys of
    reviewable types) and ``action_types`` say what it is for (empty: everything)."""
    kinds = list(kinds)
    _validate_criteria_set(
        name_nl=name_nl, criteria=criteria, kinds=kinds, action_types=action_types
    )
    base = slugify(name_nl)[:50] or "criteria"
    key, number = base, 1
    # "nieuw" is the URL of the page that makes a set (/beheer/criteria/nieuw/).
    while key == "nieuw" or CriteriaSet.objects.filter(key=key).exists():
        number += 1
        key = f"{base}-{number}"
    criteria_set = CriteriaSet(key=key, version=1, is_current=True, created_by=by)
    try:
        with transaction.atomic():
            _criteria_set_fill(
                criteria_set,
                name_nl=name_nl,
                name_en=name_en,
                description_nl=description_nl,
                description_en=description_en,
                criteria=criteria,
                kinds=kinds,
                action_types=action_types,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("A criteria set with this name was just made. Choose another name."), code="key"
        ) from error
    audit_record(actor=by, code="reviews.criteria_set.created", target=criteria_set)
    return criteria_set
