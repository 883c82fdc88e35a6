from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemcharter.common.models import TimeStampedModel


class ContactMessage(TimeStampedModel):
    """A message sent with the contact form: kept here, and emailed to the coordinators; one
    sent from a region's page (``subregion``) to that subregion's contact points instead, or
    to the coordinators when it has none."""

    class Topic(models.TextChoices):
        SIGNING = "signing", _("Signing the charter")
        ORGANISATION = "organisation", _("My organisation is already registered")
        ACCOUNT = "account", _("My account or email address")
        ACTIONS = "actions", _("Actions and stories")
        OTHER = "other", _("Something else")

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email address"), max_length=254)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=10)
    # Written to a region's contact points (``/regio/<slug>/contact/``); empty for the general
    # contact form. Its contact points read it in the back office; coordinators read every one.
    subregion = models.ForeignKey(
        "regions.Subregion",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_messages",
    )
    # A coordinator marks a message handled once it is answered (the back office's list).
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["-created_at"], name="contact_msg_created_idx")]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} ({self.pk})"

    @property
    def is_handled(self) -> bool:
        return self.handled_at is not None
