"""Images of actions and stories: add, change, order and remove them, and carry them through
revisions.

Only clean copies are stored: ``image_add`` validates the upload, drops every piece of
metadata (EXIF with GPS, XMP, comments) and builds the three renditions. Who may change an
item's images (a member of its organisation, while the item is editable) is checked by the
caller, as for the item itself.
"""

import re
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from stemcharter.audit.services import audit_record
from stemcharter.common.images import image_clean_copy, image_clean_crop, validate_image_upload

from .models import CARD_SIZE, DETAIL_MAX_SIDE, MAX_IMAGES_PER_ITEM, SOCIAL_SIZE, Image

TEXT_MAX_LENGTH = 250
# Camera and phone file names ("IMG_2041.jpg", "DSC00012"): they describe nothing.
_FILE_NAME_LIKE = re.compile(
    r"^\s*((img|dsc|dscn|pxl|photo|image|foto)?[\s_-]*\d+(\.\w{3,4})?"
    r"|\S+\.(jpe?g|png|gif|webp|heic))\s*$",
    re.IGNORECASE,
)


def _images_of(owner: models.Model):
    return Image.objects.filter(
        content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk
    )


def _audit_target(owner: models.Model) -> models.Model:
    """Images are recorded on the item the public sees, so its trail tells the whole story."""
    return getattr(owner, "live_item", owner)


def _alt_text_errors(alt_text: str, *, file_name: str = "") -> list[str]:
    if not alt_text:
        return [
            _(
                "Describe what the image shows, for people who cannot see it. "
                "For example: Two pupils build a robot arm."
            )
        ]
    if len(alt_text) > TEXT_MAX_LENGTH:
        return [
            _("Shorten the description to at most %(limit)s characters (it has %(count)s).")
            % {"limit": TEXT_MAX_LENGTH, "count": len(alt_text)}
        ]
    if _FILE_NAME_LIKE.match(alt_text) or (file_name and alt_text == file_name):
        return [_("Describe what the image shows, not the name of the file.")]
    return []


def _consent_error() -> str:
    return _(
        "You can only add a picture in which children or young people are recognisable when "
        "you have the written consent of their parents or guardians. Tick the box to confirm "
        "that you have it, or choose a picture in which they cannot be recognised."
    )


def _lock(owner: models.Model) -> None:
    """Lock the owner's row, so two uploads at once cannot both pass the limit."""
    type(owner)._default_manager.select_for_update().filter(pk=owner.pk).first()


def image_add(
    *,
    owner: models.Model,
    file: UploadedFile,
    alt_text: str,
    caption: str = "",
    minors_recognisable: bool,
    consent_confirmed: bool,
    by,
) -> Image:
    """Add an image to ``owner`` (an action, a story, ...), as a clean copy in three renditions.

    Raises ValidationError, keyed by the upload form's fields (``file``, ``alt_text``,
    ``caption``, ``consent_confirmed``), with messages that say what to do.
    """
    alt_text, caption = (alt_text or "").strip(), (caption or "").strip()
    errors: dict[str, list] = {}
    try:
        validate_image_upload(file)
    except ValidationError as error:
        errors["file"] = error.error_list
    if problems := _alt_text_errors(alt_text, file_name=getattr(file, "name", "")):
        errors["alt_text"] = problems
    if len(caption) > TEXT_MAX_LENGTH:
        errors["caption"] = [
            _("Shorten the caption to at most %(limit)s characters (it has %(count)s).")
            % {"limit": TEXT_MAX_LENGTH, "count": len(caption)}
        ]
    if minors_recognisable and not (consent_confirmed and by is not None):
        errors["consent_confirmed"] = [ValidationError(_consent_error(), code="consent")]
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        _lock(owner)
        existing = _images_of(owner)
        if existing.count() >= MAX_IMAGES_PER_ITEM:
            raise ValidationError(
                _("You can add at most %(count)s images. Remove one before you add another.")
                % {"count": MAX_IMAGES_PER_ITEM},
                code="too_many",
            )
        position = existing.aggregate(last=Max("position"))["last"]
        image = Image(
            owner=owner,
            position=0 if position is None else position + 1,
            alt_text=alt_text,
            caption=caption,
            minors_recognisable=minors_recognisable,
            uploaded_by=by,
        )
        if minors_recognisable:
            image.consent_confirmed_at = timezone.now()
            image.consent_confirmed_by = by
        _set_renditions(image, file)
        try:
            image.save()
        except Exception:
            _delete_files(image)
            raise
        audit_record(
            actor=by,
            code="images.image.added",
            target=_audit_target(owner),
            data={
                "image": image.uid.hex,
                "alt_text": alt_text,
                "minors_recognisable": minors_recognisable,
            },
        )
    return image


def _set_renditions(image: Image, file: UploadedFile) -> None:
    detail = image_clean_copy(file, name="detail", max_side=DETAIL_MAX_SIDE)
    card = image_clean_crop(file, name="card", size=CARD_SIZE)
    social = image_clean_crop(file, name="social", size=SOCIAL_SIZE)
    image.detail.save(detail.file.name, detail.file, save=False)
    image.detail_width, image.detail_height = detail.width, detail.height
    image.card.save(card.file.name, card.file, save=False)
    image.card_width, image.card_height = card.width, card.height
    image.social.save(social.file.name, social.file, save=False)


@transaction.atomic
def image_update(
    *,
    image: Image,
    by,
    alt_text: str | None = None,
    caption: str | None = None,
    position: int | None = None,
    minors_recognisable: bool | None = None,
    consent_confirmed: bool | None = None,
) -> Image:
    """Change the texts, the position or the statement about minors of an image.

    Arguments left at None stay as they are. Consent already on record keeps who gave it and
    when; a new confirmation records the person and the moment.
    """
    image = Image.objects.select_for_update().get(pk=image.pk)
    errors: dict[str, list] = {}
    changed: list[str] = []
    if alt_text is not None:
        alt_text = alt_text.strip()
        if problems := _alt_text_errors(alt_text):
            errors["alt_text"] = problems
        elif alt_text != image.alt_text:
            image.alt_text = alt_text
            changed.append("alt_text")
    if caption is not None:
        caption = caption.strip()
        if len(caption) > TEXT_MAX_LENGTH:
            errors["caption"] = [
                _("Shorten the caption to at most %(limit)s characters (it has %(count)s).")
                % {"limit": TEXT_MAX_LENGTH, "count": len(caption)}
            ]
        elif caption != image.caption:
            image.caption = caption
            changed.append("caption")
    if position is not None and position != image.position:
        image.position = max(0, position)
        changed.append("position")
    if minors_recognisable is not None:
        has_consent = image.consent_confirmed_at is not None
        if minors_recognisable and not has_consent and not (consent_confirmed and by):
            errors["consent_confirmed"] = [ValidationError(_consent_error(), code="consent")]
        elif minors_recognisable and not has_consent:
            image.consent_confirmed_at, image.consent_confirmed_by = timezone.now(), by
            changed.append("consent_confirmed_at")
        elif not minors_recognisable and has_consent:
            image.consent_confirmed_at, image.consent_confirmed_by = None, None
            changed.append("consent_confirmed_at")
        if minors_recognisable != image.minors_recognisable:
            image.minors_recognisable = minors_recognisable
            changed.append("minors_recognisable")
    if errors:
        raise ValidationError(errors)
    if changed:
        image.save()
        audit_record(
            actor=by,
            code="images.image.updated",
            target=_audit_target(image.owner),
            data={"image": image.uid.hex, "alt_text": image.alt_text, "changed": changed},
        )
    return image


@transaction.atomic
def image_move(*, image: Image, by, offset: int) -> Image:
    """Move an image ``offset`` places earlier (negative) or later (positive) in its item."""
    _lock(image.owner)
    images = list(_images_of(image.owner).order_by("position", "pk"))
    index = next(i for i, other in enumerate(images) if other.pk == image.pk)
    target = min(max(index + offset, 0), len(images) - 1)
    images.insert(target, images.pop(index))
    for position, other in enumerate(images):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position", "updated_at"])
    if target != index:
        audit_record(
            actor=by,
            code="images.image.updated",
            target=_audit_target(image.owner),
            data={"image": image.uid.hex, "alt_text": image.alt_text, "changed": ["position"]},
        )
    return next(other for other in images if other.pk == image.pk)


@transaction.atomic
def image_remove(*, image: Image, by) -> None:
    """Remove an image. Its files go once no other row uses them (a working copy shares the
    files of the published item it revises)."""
    owner = image.owner
    audit_record(
        actor=by,
        code="images.image.removed",
        target=_audit_target(owner) if owner is not None else None,
        data={"image": image.uid.hex, "alt_text": image.alt_text},
    )
    image.delete()
    transaction.on_commit(lambda: _delete_unused_files(image))


def _file_names(image: Image) -> list[str]:
    return [name for name in (image.detail.name, image.card.name, image.social.name) if name]


def _delete_files(image: Image) -> None:
    for field in (image.detail, image.card, image.social):
        if field.name:
            field.storage.delete(field.name)


def _delete_unused_files(image: Image) -> None:
    names = _file_names(image)
    used = Image.objects.filter(
        models.Q(detail__in=names) | models.Q(card__in=names) | models.Q(social__in=names)
    ).exists()
    if not used:
        _delete_files(image)


def images_copy(*, source: models.Model, target: models.Model) -> None:
    """Give ``target`` (a working copy) the images of ``source``; the files are shared."""
    copies = list(_images_of(source))
    for image in copies:
        image.pk = None
        image.uid = uuid.uuid4()
        image.object_id = target.pk
    Image.objects.bulk_create(copies)


def images_move(*, source: models.Model, target: models.Model) -> None:
    """Replace the images of ``target`` (the live item) by those of ``source`` (its revision).

    The rows of the old images go; their files go too once the transaction commits, unless
    the new rows still use them (a revision shares the files it did not change)."""
    images_delete_all(owner=target)
    _images_of(source).update(object_id=target.pk)


def images_delete_all(*, owner: models.Model) -> None:
    """Delete the images of an item that goes (or whose images are replaced), with their
    files once no other row uses them: a picture removed from the site must not stay
    reachable at its old address."""
    old = list(_images_of(owner))
    _images_of(owner).delete()

    def delete_files() -> None:
        for image in old:
            _delete_unused_files(image)

    transaction.on_commit(delete_files)
