"""The one review workflow for everything that gets published (actions, stories, later events).

A content type takes part by inheriting ``Reviewable`` and registering itself in
``reviews.registry``; see ``README.md`` in this app for the states and the small interface.
"""

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stemcharter.common.models import TimeStampedModel, translated
from stemcharter.organisations.conflict_of_interest import (
    ConflictOfInterestQuerySet,
    NamesOrganisations,
)

from .registry import reviewable_type_for_key


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Taken offline")


# The author may change the content in these states; in the others it is locked.
EDITABLE_STATUSES = (ReviewStatus.DRAFT, ReviewStatus.CHANGES_REQUESTED, ReviewStatus.WITHDRAWN)
AWAITING_REVIEW_STATUSES = (ReviewStatus.SUBMITTED, ReviewStatus.UNDER_REVIEW)


class ReviewableQuerySet(ConflictOfInterestQuerySet):
    """``without_conflict_of_interest(user)``: the items on which no organisation of ``user``
    is named, the only ones ``user`` may review (``Reviewable.named_organisation_fields``).
    It is the one conflict-of-interest rule (``organisations.conflict_of_interest``, shared
    with the decision on signatures): the permission (``Reviewable.has_conflict_of_interest``,
    used by ``rules.py`` and ``services.py``) and the queue (``selectors.py``) both come there,
    so they cannot disagree."""

    def live(self) -> "ReviewableQuerySet":
        """The items themselves, without the working copies of their pending revisions."""
        return self.filter(revision_of__isnull=True)

    def published(self) -> "ReviewableQuerySet":
        return self.filter(status=ReviewStatus.PUBLISHED, revision_of__isnull=True)

    def awaiting_review(self) -> "ReviewableQuerySet":
        return self.filter(status__in=AWAITING_REVIEW_STATUSES)

    def for_organisation(self, organisation) -> "ReviewableQuerySet":
        return self.filter(organisation=organisation)


class Reviewable(TimeStampedModel, NamesOrganisations):
    """Abstract base of a content type that goes through review before it is published.

    A concrete model must have an ``organisation`` foreign key (the author's organisation) and
    a ``subregions`` many-to-many field (they decide which contact points review it), list its
    content in ``revision_fields`` and ``revision_m2m_fields``, and be registered in
    ``reviews.registry``.

    Editing a published item works on a working copy: a second row of the same model with
    ``revision_of`` pointing at the live row. The live row stays online until the copy is
    published, which copies the content onto the live row and deletes the copy.
    """

    revision_fields: ClassVar[list[str]] = []
    revision_m2m_fields: ClassVar[list[str]] = []
    # The relations (foreign key or many-to-many) to the organisations named on the item: the
    # author's organisation, and per type for example the partners of a joint action. Nobody
    # reviews an item on which their organisation is named (conflict of interest): a type
    # with another relation to organisations adds it here.
    named_organisation_fields: ClassVar[tuple[str, ...]] = ("organisation",)
    # Whether the item's title (its ``str``) is what people wrote, in the content language
    # (marked ``lang="nl"`` on a page in another language: ``stem.content_lang``). False for a
    # type whose title the platform makes in the reader's language (a progress report).
    title_written: ClassVar[bool] = True

    @classmethod
    def named_organisation_paths(cls) -> list[str]:
        """The lookups from an item to its named organisations: its own, and for a working
        copy also those of the live item it revises (an organisation a new version takes off
        is still concerned by it)."""
        fields = list(cls.named_organisation_fields)
        return [*fields, *(f"revision_of__{name}" for name in fields)]

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.DRAFT,
        db_index=True,
    )
    revision_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="pending_revision",
        verbose_name=_("revision of"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    first_published_at = models.DateTimeField(
        _("first published at"), null=True, blank=True, editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    objects = ReviewableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def live_item(self) -> "Reviewable":
        """The row the public sees: the item itself, or the one this working copy revises."""
        return self.revision_of if self.revision_of_id else self

    @property
    def is_revision(self) -> bool:
        return self.revision_of_id is not None

    @property
    def is_editable(self) -> bool:
        """A draft, an item with changes asked, one taken offline or a working copy; a
        rejected item too when its type says so (``EditingRules.editable_when_rejected``)."""
        if self.status == ReviewStatus.REJECTED:
            from .registry import reviewable_type_for  # the registry names the models

            try:
                return reviewable_type_for(self).editing.editable_when_rejected
            except LookupError:
                return False
        return self.status in EDITABLE_STATUSES

    @property
    def is_awaiting_review(self) -> bool:
        return self.status in AWAITING_REVIEW_STATUSES

    def review_problems(self) -> list[str]:
        """Reasons why this item cannot be published as it is (empty when it can)."""
        if not self.subregions.exists():
            return [gettext("Choose at least one region.")]
        return []

    def revision_copied(self, copy: "Reviewable") -> None:
        """Hook: copy related rows (images, ...) onto a new working copy."""

    def revision_applied(self, live: "Reviewable") -> None:
        """Hook: move related rows from this working copy onto the live item."""

    def deleting(self) -> None:
        """Hook: remove related rows (images and their files) before the item is deleted."""


class CriteriaSetQuerySet(models.QuerySet):
    def current(self) -> "CriteriaSetQuerySet":
        return self.filter(is_current=True)


class CriteriaSet(TimeStampedModel):
    """One version of a set of quality criteria. Editing a set makes a new version.

    All versions of a set share its ``key``; exactly one of them is current. A review points
    at the version it used, so an old review keeps meaning what it meant.
    """

    key = models.SlugField(_("key"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_current = models.BooleanField(_("current version"), default=True)
    # What the set is for: the keys of the reviewable types (``reviews.registry``: "action",
    # "story") and, for actions, the action types it fits. Empty means every kind or type. The
    # review page preselects the set that fits the item (``selectors.criteria_set_suggested``).
    kinds = models.JSONField(_("kinds of items"), default=list, blank=True)
    action_types = models.ManyToManyField(
        "vocabulary.ActionType", blank=True, related_name="+", verbose_name=_("action types")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["name_nl", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="criteriaset_unique_version"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(is_current=True), name="criteriaset_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def name(self) -> str:
        return translated(self.name_nl, self.name_en)

    @property
    def description(self) -> str:
        return translated(self.description_nl, self.description_en)

    @property
    def kind_labels(self) -> list[str]:
        """The kinds of items it is for, as words ("Actions"); empty: every kind."""
        types = [reviewable_type_for_key(key) for key in self.kinds]
        return [str(capfirst(t.label_plural)) for t in types if t is not None]

    @property
    def action_type_names(self) -> list[str]:
        """The action types it is for; empty: every type. Reads ``action_types``."""
        return [action_type.name for action_type in self.action_types.all()]

    def fit(self, *, kind: str, action_type_id: int | None) -> int | None:
        """How well this set fits an item of ``kind`` (a reviewable type key) with this action
        type (None for an item without one): 0 made for its action type, 1 for its kind in
        general, None not meant for it. Reads ``action_types`` (prefetch them)."""
        if self.kinds and kind not in self.kinds:
            return None
        type_ids = {action_type.pk for action_type in self.action_types.all()}
        if not type_ids or action_type_id is None:
            return 1
        return 0 if action_type_id in type_ids else None


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("set")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_nl = models.CharField(_("criterion (Dutch)"), max_length=200)
    name_en = models.CharField(_("criterion (English)"), max_length=200, blank=True)
    description_nl = models.TextField(_("explanation (Dutch)"), blank=True)
    description_en = models.TextField(_("explanation (English)"), blank=True)
    # What a met criterion means to a visitor of the public page ("You do something yourself"),
    # in their words; a criterion without one is not listed there.
    public_nl = models.CharField(_("for visitors (Dutch)"), max_length=200, blank=True)
    public_en = models.CharField(_("for visitors (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return translated(self.name_nl, self.name_en)

    @property
    def description(self) -> str:
        return translated(self.description_nl, self.description_en)

    @property
    def public(self) -> str:
        return translated(self.public_nl, self.public_en)


SUBJECT_TITLE_MAX_LENGTH = 300


class Review(TimeStampedModel):
    """A reviewer's decision on one submitted version of an item."""

    class Decision(models.TextChoices):
        PUBLISH = "publish", _("Publish")
        REQUEST_CHANGES = "request_changes", _("Ask for changes")
        REJECT = "reject", _("Reject")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(help_text="The row that was reviewed.")
    item = GenericForeignKey("content_type", "object_id")
    # The live item: the same as object_id, or the item that a working copy revised. The
    # history of an item and what the public sees about it read this one.
    subject_id = models.PositiveBigIntegerField(db_index=True)
    # Written with the review, so the decision stays in the "decided" tab once its organisation
    # deleted the item (``selectors.review_decided``): the item's organisation (it decides who
    # sees the decision then) and the title of the version decided on.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    subject_title = models.CharField(_("title"), max_length=SUBJECT_TITLE_MAX_LENGTH, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
        verbose_name=_("reviewer"),
    )
    criteria_set = models.ForeignKey(
        CriteriaSet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("criteria set"),
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "subject_id"]),
            # The "decided" tab of the review queue, newest first (selectors.review_decided:
            # ORDER BY created_at DESC, id DESC).
            models.Index(fields=["-created_at", "-id"], name="review_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="reject") | Q(criteria_set__isnull=False),
                name="review_criteria_set_unless_rejected",
            ),
            models.CheckConstraint(
                condition=~Q(decision="reject") | ~Q(comment=""),
                name="review_reject_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} ({self.created_at:%Y-%m-%d})"

    @property
    def outcome(self) -> str:
        """The decision as what happened ("Published"), for histories and status words; the
        choice labels are what the reviewer chooses to do ("Publish")."""
        return str(REVIEW_OUTCOMES.get(self.decision, self.get_decision_display()))


REVIEW_OUTCOMES = {
    Review.Decision.PUBLISH: _("Published"),
    Review.Decision.REQUEST_CHANGES: _("Changes requested"),
    Review.Decision.REJECT: _("Rejected"),
}


class Assessment(models.Model):
    """The reviewer's verdict on one criterion."""

    class Result(models.TextChoices):
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["review", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="assessment_one_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_result_display()}"
