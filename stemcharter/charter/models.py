import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stemcharter.common.markdown import render_markdown
from stemcharter.common.models import TimeStampedModel
from stemcharter.organisations.conflict_of_interest import (
    ConflictOfInterestQuerySet,
    NamesOrganisations,
)

# The longest charter text, in characters: room for a charter of several pages (the demo
# text has about 2,000). It bounds the work of rendering it (``common.markdown``).
CHARTER_BODY_MAX_LENGTH = 30_000


class CharterVersionQuerySet(models.QuerySet):
    def published(self) -> "CharterVersionQuerySet":
        return self.filter(published_at__isnull=False)

    def current(self) -> "CharterVersion | None":
        return self.published().order_by("-number").first()


class CharterVersion(TimeStampedModel):
    """One published text of the charter. Publishing a change creates a new version."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"), max_length=CHARTER_BODY_MAX_LENGTH)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    is_demo = models.BooleanField(
        _("demo text"), default=False, help_text=_("Shipped with the demo data, not official.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CharterVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        ordering = ["-number"]

    def __str__(self) -> str:
        return _("Charter version %(number)s") % {"number": self.number}

    @property
    def body_html(self):
        # Kept as a Markdown file, wrapped at a line length: a line break is not meant.
        return render_markdown(self.body, line_breaks=False)


class SignatureQuerySet(ConflictOfInterestQuerySet):
    """``without_conflict_of_interest(user)``: the signatures of organisations ``user`` is not
    a member of, the only ones they may decide on (``organisations.conflict_of_interest``,
    the rule of the reviews of actions and stories too)."""

    def approved(self) -> "SignatureQuerySet":
        return self.filter(status=Signature.Status.APPROVED)

    def awaiting_review(self) -> "SignatureQuerySet":
        return self.filter(status=Signature.Status.SUBMITTED)

    def open(self) -> "SignatureQuerySet":
        return self.filter(status__in=Signature.OPEN_STATUSES)


class Signature(TimeStampedModel, NamesOrganisations):
    """An organisation signing one charter version, from the signer's form to its decision.

    Not a reviewable type of ``reviews`` (``docs/adr/0001-signature-workflow.md``); it shares
    the conflict-of-interest rule with it (``NamesOrganisations``: a coordinator who is a
    member of the signing organisation does not decide on its signature).
    """

    class Status(models.TextChoices):
        AWAITING_EMAIL = "awaiting_email", _("Waiting for email confirmation")
        SUBMITTED = "submitted", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SUPERSEDED = "superseded", _("Replaced by a newer signature")

    OPEN_STATUSES = (Status.AWAITING_EMAIL, Status.SUBMITTED)
    # A coordinator who is a member of the signatory that brought this one in (the snowball
    # credits it) does not decide on it either.
    named_organisation_fields: ClassVar[tuple[str, ...]] = ("organisation", "referred_by")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    charter_version = models.ForeignKey(
        CharterVersion,
        verbose_name=_("charter version"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AWAITING_EMAIL
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="signatures",
    )
    signer_name = models.CharField(_("name"), max_length=150)
    signer_function = models.CharField(_("function"), max_length=150)
    signer_email = models.EmailField(_("email address"))
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # Who brought this signatory in (issue 14, the snowball): the invitation it signed through,
    # or the signatory whose share link (outreach.ShareLink, ``referral_code``) it came by.
    invitation = models.ForeignKey(
        "organisations.Invitation",
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signatures",
    )
    referred_by = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("brought in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referred_signatures",
    )
    # "invitation", or a share link's channel (outreach.models.Channel).
    referral_channel = models.CharField(_("how it came"), max_length=20, blank=True)
    # The share link code (``?bron=``) the signer arrived with, as given (at most 16 characters).
    referral_code = models.CharField(max_length=16, blank=True, editable=False)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status__in=["awaiting_email", "submitted"]),
                name="signature_one_open_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="approved"),
                name="signature_one_approved_per_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(decided_at__isnull=False),
                name="signature_approved_has_date",
            ),
        ]
        indexes = [
            # The directory and the home page list signatories latest signed first.
            models.Index(
                fields=["-decided_at"],
                condition=Q(status="approved"),
                name="signature_approved_latest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} (v{self.charter_version.number})"

    @property
    def signed_at(self):
        """The public signing date: the day the coordinator approved it."""
        return self.decided_at


class Commitment(TimeStampedModel):
    """What a signatory promises: the action types it commits to, in its own words."""

    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="commitments")
    action_types = models.ManyToManyField(
        "vocabulary.ActionType", verbose_name=_("action types"), related_name="commitments"
    )
    description = models.TextField(_("in your own words"), max_length=2000)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:60]
