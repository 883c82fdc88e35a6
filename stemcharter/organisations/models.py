from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemcharter.common.fragments import kept_card_version, shown_version
from stemcharter.common.models import TimeStampedModel

from .cards import card_note_texts, card_note_values
from .validators import NAME_MAX_LENGTH, TOWN_MAX_LENGTH, format_enterprise_number


class Category(models.TextChoices):
    """The seven signatory categories named in the charter itself."""

    COMPANY = "company", _("Companies, institutions and services")
    SOCIAL_PARTNER = "social_partner", _("Social partners and (inter)sectoral organisations")
    EDUCATION = "education", _("Education and training institutions and their groupings")
    STEM_ACADEMY = "stem_academy", _("STEM academies and other initiatives")
    CENTRAL_GOVERNMENT = "central_government", _("Central government")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    INDIVIDUAL = "individual", _("Individuals of special significance for STEM")


# The part of the slug in a logo's file name: a FileField holds 100 characters, a slug 220.
# The storage adds a suffix when the name is taken (file_overwrite is off).
LOGO_NAME_SLUG_LENGTH = 60


def logo_upload_to(instance: "Organisation", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "img"
    stem = instance.slug[:LOGO_NAME_SLUG_LENGTH].strip("-") or "logo"
    return f"logos/{stem}.{extension}"


# What makes an organisation a signatory is the charter's to say, and the charter lies on the
# floor above: it registers its condition (``charter.selectors.signatory_condition``) in its
# ``AppConfig.ready``, so this app names neither its model nor its statuses.
_signatory_condition: Callable[[], Q] | None = None


def signatory_condition_register(condition: Callable[[], Q]) -> None:
    """Say which organisations are signatories: ``condition()``, a filter on Organisation."""
    global _signatory_condition  # one registration, at start-up
    _signatory_condition = condition


class OrganisationQuerySet(models.QuerySet):
    def signatories(self) -> "OrganisationQuerySet":
        """Signatories: organisations shown in public (the charter's rule, see above)."""
        if _signatory_condition is None:
            raise ImproperlyConfigured("No app registered which organisations are signatories.")
        return self.filter(_signatory_condition())

    def for_member(self, user) -> "OrganisationQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Organisation(TimeStampedModel):
    """A signatory or would-be signatory: company, school, government, individual, ..."""

    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    # Derived from name and town (validators.normalise_name, normalise_town): the duplicate
    # check. Normalising can make a text longer; the services refuse what would not fit.
    normalised_name = models.CharField(max_length=NAME_MAX_LENGTH, editable=False)
    town = models.CharField(
        _("town or municipality"),
        max_length=TOWN_MAX_LENGTH,
        blank=True,
        help_text=_("Where the organisation is based, for example Aalst."),
    )
    normalised_town = models.CharField(max_length=TOWN_MAX_LENGTH, blank=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    # Registered by a signer whose email address is not confirmed yet: it holds no name and
    # no enterprise number (the unique constraints skip it) until the signer confirms; see
    # organisations.services.organisation_confirm.
    is_provisional = models.BooleanField(_("provisional"), default=False, editable=False)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    sector = models.ForeignKey(
        "vocabulary.Sector",
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    enterprise_number = models.CharField(
        _("enterprise number"),
        max_length=10,
        blank=True,
        help_text=_("The Belgian enterprise number (KBO), for example 0123.456.749."),
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True)
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    description = models.TextField(_("short description"), max_length=1000, blank=True)
    subregions = models.ManyToManyField(
        "regions.Subregion",
        verbose_name=_("subregions where it is active"),
        related_name="organisations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        # The orders of the lists: the back office's and the progress overview's by name
        # (ORDER BY name, id; the default collation, as the column's), the public directory's
        # A to Z by the name without case or accents (charter.filters: normalised_name, name,
        # id). An index in the same order lets a page of 20 or 50 stop early instead of
        # sorting every organisation.
        indexes = [
            models.Index(fields=["name", "id"], name="organisation_by_name"),
            models.Index(
                fields=["normalised_name", "name", "id"], name="organisation_by_sort_name"
            ),
        ]
        # The duplicate rule (organisations.services.organisation_find_duplicate): one
        # enterprise number is one organisation; without a number, one name per town. The
        # service also compares organisations with a number to those without one.
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise_number"],
                condition=~Q(enterprise_number="") & Q(is_provisional=False),
                name="organisations_unique_enterprise_number",
            ),
            models.UniqueConstraint(
                fields=["normalised_name", "normalised_town"],
                condition=Q(enterprise_number="") & Q(is_provisional=False),
                name="organisations_unique_name_town_without_number",
            ),
            models.CheckConstraint(
                condition=Q(enterprise_number="") | Q(enterprise_number__regex=r"^[01][0-9]{9}$"),
                name="organisations_enterprise_number_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:organisation-detail", kwargs={"slug": self.slug})

    @property
    def card_version(self) -> str:
        """A version of what a signatory's card shows (``organisations/includes/_card.html``):
        the organisation, its sector (name), its regions, and the date and charter version of
        its signature (``signed_at`` and ``charter_version_number``, which
        ``charter.selectors.signatory_list`` adds) and the values of its notes from the apps
        above (``cards``); the card's key, as ``Action.card_version`` (computed when a list
        loads its rows: ``charter.selectors.signatory_card_list``)."""
        return kept_card_version(self) or shown_version(
            self,
            self.sector,
            self.subregions.all(),
            getattr(self, "signed_at", None),
            getattr(self, "charter_version_number", None),
            card_note_values(self),
        )

    @property
    def card_notes(self) -> list[str]:
        """The short notes the apps above add to the card (``cards``), such as "Did not report
        on 2025"; none unless loaded with ``charter.selectors.signatory_list``."""
        return card_note_texts(self)

    @property
    def enterprise_number_display(self) -> str:
        return format_enterprise_number(self.enterprise_number)


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        EDITOR = "editor", _("Editor")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.EDITOR)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"


class Invitation(TimeStampedModel):
    """An invitation by email, of one of two kinds (one mechanism, issue 14):

    - ``COLLEAGUE``: an admin invites a colleague to join ``organisation`` (accepted = joined);
    - ``SIGNING``: a member of the approved signatory ``organisation`` invites another
      organisation to sign the charter (accepted = it signed through the invitation's link;
      ``charter.Signature.invitation`` records it, and with it who brought whom in).

    Both kinds share the token, the expiry, the daily cap per organisation, the pause before a
    second invitation to the same address and the do-not-contact list (``DoNotContact``).
    """

    class Kind(models.TextChoices):
        COLLEAGUE = "colleague", _("Colleague")
        SIGNING = "signing", _("Invitation to sign")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        # Closed once it expired, when its address was invited again (``services``): only
        # then, as one pending invitation per address and organisation is the rule.
        EXPIRED = "expired", _("Expired")

    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.COLLEAGUE, db_index=True
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    # What the inviter knew of the invited organisation (SIGNING): it pre-fills the signing form.
    invitee_name = models.CharField(_("contact person"), max_length=150, blank=True)
    invitee_organisation_name = models.CharField(
        _("organisation"), max_length=NAME_MAX_LENGTH, blank=True
    )
    invitee_town = models.CharField(_("town"), max_length=TOWN_MAX_LENGTH, blank=True)
    invitee_category = models.CharField(
        _("category"), max_length=32, choices=Category.choices, blank=True
    )
    invitee_website = models.URLField(_("website"), blank=True)
    # The inviter's own words, shown quoted and with links defanged (never as our text).
    message = models.TextField(_("personal message"), max_length=1000, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    role = models.CharField(
        _("role"), max_length=16, choices=Membership.Role.choices, default=Membership.Role.EDITOR
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(status="pending"),
                name="invitation_one_pending_per_email",
            )
        ]
        indexes = [
            # The daily cap per organisation and the pause per address count recent invitations.
            models.Index(fields=["organisation", "created_at"], name="invitation_org_recent"),
            models.Index(fields=["email", "created_at"], name="invitation_email_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        """Not used and not revoked, past its date: it can no longer be accepted (nor revoked:
        there is nothing left to stop; the address may be invited again)."""
        return self.status == self.Status.EXPIRED or (
            self.status == self.Status.PENDING and self.expires_at < timezone.now()
        )

    @property
    def is_ended(self) -> bool:
        """Expired or revoked: it can no longer be used, and its address may be invited again
        once the pause allows (``selectors.invitation_invite_again``: revoking does not reset
        the pause), so the lists offer "Invite again" on either or say from when."""
        return self.status == self.Status.REVOKED or self.is_expired

    @property
    def tracking_status(self) -> str:
        """The status a list shows: sent, opened, signed (or joined), expired or revoked."""
        if self.status == self.Status.ACCEPTED:
            return "signed" if self.kind == self.Kind.SIGNING else "joined"
        if self.status == self.Status.REVOKED:
            return "revoked"
        if self.is_expired:
            return "expired"
        return "opened" if self.opened_at else "sent"


class DoNotContact(models.Model):
    """An email address that gets no invitation of any kind any more (issue 14).

    Added by its holder (the one-click link in every invitation email) or by a coordinator.
    Holds the address itself, lowercased: it must be compared with every new invitation.
    """

    class Source(models.TextChoices):
        HOLDER = "holder", _("By the address's holder")
        COORDINATOR = "coordinator", _("By a coordinator")

    email = models.EmailField(_("email address"), unique=True)
    source = models.CharField(_("added"), max_length=16, choices=Source.choices)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("do-not-contact address")
        verbose_name_plural = _("do-not-contact addresses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email


class JoinRequest(TimeStampedModel):
    """Someone asks to join an organisation that already exists; its admins decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="joinrequest_one_pending_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"
