"""Images of actions, stories (and later events): alt text, consent for minors, renditions.

An ``Image`` belongs to any item through a generic relation; the item declares
``images = GenericRelation("images.Image")``. Only clean copies are stored (upright, no EXIF
or other metadata), in three renditions with their sizes, so templates can always write
``width`` and ``height``.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stemcharter.common.models import TimeStampedModel

CARD_SIZE = (640, 400)
DETAIL_MAX_SIDE = 1600
SOCIAL_SIZE = (1200, 630)
MAX_IMAGES_PER_ITEM = 6


def rendition_upload_to(instance: "Image", filename: str) -> str:
    return f"images/{instance.uid.hex[:2]}/{instance.uid.hex}/{filename}"


class Image(TimeStampedModel):
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    alt_text = models.CharField(
        _("description for people who cannot see the image"),
        max_length=250,
        help_text=_("Say what the image shows, for example: Two pupils build a robot arm."),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    minors_recognisable = models.BooleanField(_("minors are recognisable"))
    consent_confirmed_at = models.DateTimeField(
        _("consent confirmed at"), null=True, blank=True, editable=False
    )
    consent_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("consent confirmed by"),
    )

    detail = models.ImageField(_("image"), upload_to=rendition_upload_to)
    detail_width = models.PositiveIntegerField(editable=False)
    detail_height = models.PositiveIntegerField(editable=False)
    card = models.ImageField(upload_to=rendition_upload_to, editable=False)
    card_width = models.PositiveIntegerField(editable=False)
    card_height = models.PositiveIntegerField(editable=False)
    social = models.ImageField(upload_to=rendition_upload_to, editable=False)

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "position"])]
        constraints = [
            # A picture in which minors are recognisable exists only with recorded consent.
            models.CheckConstraint(
                condition=Q(minors_recognisable=False)
                | Q(consent_confirmed_at__isnull=False, consent_confirmed_by__isnull=False),
                name="image_minors_need_consent",
            ),
            models.CheckConstraint(condition=~Q(alt_text=""), name="image_alt_text_required"),
        ]

    def __str__(self) -> str:
        return self.alt_text

    @property
    def has_consent_problem(self) -> bool:
        return self.minors_recognisable and self.consent_confirmed_at is None


class WithImages(models.Model):
    """Abstract: a reviewable item with images. Put it before ``Reviewable`` in the bases.

    Pictures of recognisable minors without recorded consent block publication, and the
    images follow the item through its revisions.
    """

    images = GenericRelation("images.Image")

    class Meta:
        abstract = True

    def review_problems(self) -> list[str]:
        problems = super().review_problems()
        if any(image.has_consent_problem for image in self.images.all()):
            problems.append(gettext("An image shows recognisable minors without recorded consent."))
        return problems

    def revision_copied(self, copy) -> None:
        from .services import images_copy

        super().revision_copied(copy)
        images_copy(source=self, target=copy)

    def deleting(self) -> None:
        from .services import images_delete_all

        super().deleting()
        images_delete_all(owner=self)

    def revision_applied(self, live) -> None:
        from .services import images_move

        super().revision_applied(live)
        images_move(source=self, target=live)
