"""The snowball's own records (issue 14).

The invitations themselves are ``organisations.Invitation`` (kind ``SIGNING``), and who brought
whom in is on ``charter.Signature`` (``invitation``, ``referred_by``, ``referral_channel``):
one invitation mechanism, one signature. This app adds what only outreach needs.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stemcharter.common.models import TimeStampedModel
from stemcharter.organisations.validators import NAME_MAX_LENGTH


class ProspectGroup(models.Model):
    """A group an organisation was proposed under, as the note names it ("sector bouw")."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("prospect group")
        verbose_name_plural = _("prospect groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProspectQuerySet(models.QuerySet):
    def open(self) -> "ProspectQuerySet":
        return self.exclude(status__in=[Prospect.Status.SIGNED, Prospect.Status.DECLINED])


class Prospect(TimeStampedModel):
    """An organisation the coordinators want to win for the charter (the outreach pipeline)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONTACTED = "contacted", _("Contacted")
        INVITED = "invited", _("Invited")
        SIGNED = "signed", _("Signed")
        DECLINED = "declined", _("Declined")
        LATER = "later", _("Later")

    name = models.CharField(_("organisation"), max_length=NAME_MAX_LENGTH)
    # Lowercased, accents and punctuation removed (organisations.validators.normalise_name):
    # how the import and the signing match a prospect by name.
    normalised_name = models.CharField(max_length=NAME_MAX_LENGTH, editable=False, db_index=True)
    # Another name it goes by, e.g. the abbreviation of "Fonds voor Vakopleiding in de Bouw (FVB)".
    also_known_as = models.CharField(_("also known as"), max_length=NAME_MAX_LENGTH, blank=True)
    normalised_also_known_as = models.CharField(
        max_length=NAME_MAX_LENGTH, editable=False, blank=True, db_index=True
    )
    enterprise_number = models.CharField(
        _("enterprise number"),
        max_length=12,
        blank=True,
        help_text=_("Ten digits, e.g. 0123.456.789."),
    )
    groups = models.ManyToManyField(
        ProspectGroup, verbose_name=_("proposed under"), related_name="prospects", blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("contact email address"), blank=True)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_on = models.DateField(_("next step on"), null=True, blank=True)
    # Set when it signs (approved): through an invitation, its enterprise number or its name.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("signatory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prospects",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    objects = ProspectQuerySet.as_manager()

    class Meta:
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "next_step_on"], name="prospect_status_next"),
        ]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    """Where a share link is posted (its source tag)."""

    BADGE = "badge", _("Badge")
    WIDGET = "widget", _("Widget")
    LINK = "link", _("Link")
    EMAIL = "email", _("Email")
    LINKEDIN = "linkedin", "LinkedIn"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X"
    WHATSAPP = "whatsapp", "WhatsApp"
    QR = "qr", _("QR code")
    CERTIFICATE = "certificate", _("Certificate")


def share_code() -> str:
    """A short unguessable code for a share link (8 URL-safe characters, 48 bits)."""
    return secrets.token_urlsafe(6)


class ShareLink(models.Model):
    """A signatory's link to one public page for one channel: ``/d/<code>/`` counts the visit
    (a number, nothing about the visitor: no cookie, no address) and redirects to ``path``.

    ``path`` is a path of this site without language prefix, e.g. ``/acties/open-dag/``, or
    ``/ondertekenen/`` for an invitation to sign (``?bron=<code>`` then follows the signer).
    """

    code = models.CharField(max_length=16, unique=True, default=share_code, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("signatory"),
        on_delete=models.CASCADE,
        related_name="share_links",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    path = models.CharField(_("page"), max_length=300)
    visit_count = models.PositiveIntegerField(_("visits"), default=0)
    last_visit_on = models.DateField(_("last visit on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "channel", "path"], name="sharelink_one_per_target"
            ),
            models.CheckConstraint(condition=Q(path__startswith="/"), name="sharelink_local_path"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_channel_display()} · {self.path}"
