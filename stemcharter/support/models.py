"""Support requests, offers, suggestions and partner calls (issue 13; PRODUCT.md: "support
request (a school's ask) · offer (a signatory's answer)").

A school (a member of an education signatory, or a teacher of a school that has not signed,
after confirming their email) asks for help of one kind (an action type schools can ask for:
``vocabulary.ActionType.requestable``) in one subregion, within a window of dates, with a
deadline for answers. Signatories offer; the school accepts one offer (at most one, guarded by a
partial unique constraint) and declines the others; only then are the contact details of the
two people exchanged. After the window both sides say whether the help happened.

Nothing here is public: the public pages show counts only (``selectors``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stemcharter.common.models import TimeStampedModel

# A request is for a class or a few: more pupils than this is a typing error (the form says so).
PUPILS_MAX = 2000
TITLE_MAX_LENGTH = 150
SCHOOL_NAME_MAX_LENGTH = 200
TOWN_MAX_LENGTH = 100


class SupportRequestQuerySet(models.QuerySet):
    def open(self) -> "SupportRequestQuerySet":
        """Requests that take offers: open, their deadline not passed (today still counts)."""
        from django.utils import timezone

        return self.filter(
            status=SupportRequest.Status.OPEN, answer_deadline__gte=timezone.localdate()
        )


class SupportRequest(TimeStampedModel):
    """A school's ask for help of one kind, in one subregion, within a window of dates."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for offers")
        MATCHED = "matched", _("Offer accepted")
        DELIVERED = "delivered", _("Help delivered")
        NOT_DELIVERED = "not_delivered", _("Did not take place")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The school: a signatory (education) whose member asks, or, for a teacher of a school
    # that has not signed, empty with the school's name and town written out.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_requests",
    )
    school_name = models.CharField(
        _("name of the school"), max_length=SCHOOL_NAME_MAX_LENGTH, blank=True
    )
    school_town = models.CharField(_("town"), max_length=TOWN_MAX_LENGTH, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="support_requests",
    )
    kind = models.ForeignKey(
        "vocabulary.ActionType",
        verbose_name=_("what kind of help"),
        on_delete=models.PROTECT,
        limit_choices_to={"requestable": True},
        related_name="support_requests",
    )
    title = models.CharField(_("topic"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("what you need"), max_length=2000)
    disciplines = models.ManyToManyField(
        "vocabulary.Discipline", verbose_name=_("STEM disciplines"), blank=True
    )
    audiences = models.ManyToManyField("vocabulary.Audience", verbose_name=_("audience"))
    pupils = models.PositiveIntegerField(
        _("number of pupils"),
        validators=[MinValueValidator(1), MaxValueValidator(PUPILS_MAX)],
    )
    subregion = models.ForeignKey(
        "regions.Subregion",
        verbose_name=_("subregion"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    date_from = models.DateField(_("from"))
    date_until = models.DateField(_("until"))
    answer_deadline = models.DateField(_("answers by"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    # When the first offer came in: the public median "time to the first offer".
    first_offer_at = models.DateTimeField(_("first offer at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("offer accepted at"), null=True, blank=True)
    # Nobody waits unseen: when the contact point, then the coordinators were told.
    flagged_contact_point_at = models.DateTimeField(null=True, blank=True, editable=False)
    flagged_coordinators_at = models.DateTimeField(null=True, blank=True, editable=False)
    # After the window, each side says whether the help happened (None: not said yet).
    school_confirmed = models.BooleanField(_("the school says it happened"), null=True)
    school_feedback = models.TextField(_("feedback of the school"), max_length=1000, blank=True)
    offerer_confirmed = models.BooleanField(_("the signatory says it happened"), null=True)
    offerer_feedback = models.TextField(_("feedback of the signatory"), max_length=1000, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    # A day after the window, the sides that have not answered are reminded once.
    confirm_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The open requests of a subregion, newest first (workspace, signatories' list).
            models.Index(
                fields=["subregion", "-created_at"],
                name="support_open_by_subregion",
                condition=Q(status="open"),
            ),
            # The delivered ones, counted per year on public pages.
            models.Index(
                fields=["delivered_at"],
                name="support_delivered",
                condition=Q(status="delivered"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_until__gte=models.F("date_from")),
                name="support_request_window_in_order",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(school_name=""),
                name="support_request_names_its_school",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def school_display_name(self) -> str:
        """The school's name: its organisation's, or the one the teacher wrote."""
        return self.organisation.name if self.organisation_id else self.school_name


class Offer(TimeStampedModel):
    """A signatory's answer to a support request: what, when, and a message."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the school")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined with thanks")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    support_request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="offers"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("signatory"),
        on_delete=models.PROTECT,
        related_name="support_offers",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("offered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="support_offers",
    )
    what = models.TextField(_("what you offer"), max_length=2000)
    proposed_date = models.DateField(_("when"), null=True, blank=True)
    message = models.TextField(_("message to the school"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The school's words with a decline ("thank you, we found a partner").
    thank_you = models.TextField(_("a word of thanks"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["created_at", "id"]
        constraints = [
            # One offer per signatory per request (a withdrawn one may be made again).
            models.UniqueConstraint(
                fields=["support_request", "organisation"],
                condition=~Q(status="withdrawn"),
                name="support_one_offer_per_signatory",
            ),
            # At most one accepted offer per request, even when two tabs accept at once.
            models.UniqueConstraint(
                fields=["support_request"],
                condition=Q(status="accepted"),
                name="support_one_accepted_offer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.support_request}"


class Suggestion(TimeStampedModel):
    """A contact point (or coordinator) points a signatory to a request by hand."""

    support_request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="suggestions"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("signatory"),
        on_delete=models.CASCADE,
        related_name="support_suggestions",
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("a word for the signatory"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["support_request", "organisation"], name="support_one_suggestion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.support_request}"


class DigestEntry(models.Model):
    """A request told to one person in a digest email: never the same request twice."""

    support_request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="digest_entries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_digest_entries"
    )
    # None while queued for the next digest; the moment its digest was sent.
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["support_request", "user"], name="support_digest_once_per_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.support_request} → {self.user}"


class DigestPreference(models.Model):
    """A person's choice about the daily digest of new requests (absent: they get it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_digest"
    )
    receives_digest = models.BooleanField(_("email me new school requests"), default=True)
    last_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return str(self.user)


class PartnerCall(TimeStampedModel):
    """A signatory's call for partners for a joint project (the cross-sector work)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("signatory"),
        on_delete=models.CASCADE,
        related_name="partner_calls",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("the project and who you look for"), max_length=3000)
    # The kinds of organisation it looks for: signatory categories and, optionally, sectors.
    categories = models.JSONField(_("kinds of organisation"), default=list)
    sectors = models.ManyToManyField("vocabulary.Sector", verbose_name=_("sectors"), blank=True)
    subregions = models.ManyToManyField(
        "regions.Subregion", verbose_name=_("subregions"), blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    # The joint action a call led to (named by string: support imports nothing of actions).
    action = models.ForeignKey(
        "actions.Action",
        verbose_name=_("joint action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_calls",
    )

    class Meta:
        verbose_name = _("partner call")
        verbose_name_plural = _("partner calls")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PartnerCallAnswer(TimeStampedModel):
    """A signatory's answer to a partner call; it goes to the caller."""

    partner_call = models.ForeignKey(PartnerCall, on_delete=models.CASCADE, related_name="answers")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("signatory"),
        on_delete=models.CASCADE,
        related_name="partner_call_answers",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("message"), max_length=2000)

    class Meta:
        verbose_name = _("answer to a partner call")
        verbose_name_plural = _("answers to partner calls")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner_call", "organisation"], name="support_one_answer_per_call"
            )
        ]
