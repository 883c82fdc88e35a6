from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Image


def _images_of(owner: models.Model):
    return Image.objects.filter(
        content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk
    )


def images_copy(*, source: models.Model, target: models.Model) -> None:
    """Give ``target`` (a working copy) the images of ``source``; the files are shared."""
    copies = []
    for image in _images_of(source):
        image.pk = None
        image.uid = None
        image.object_id = target.pk
        copies.append(image)
    for image in copies:
        image.uid = Image._meta.get_field("uid").default()
    Image.objects.bulk_create(copies)


def images_move(*, source: models.Model, target: models.Model) -> None:
    """Replace the images of ``target`` (the live item) by those of ``source`` (its revision).

    The rows of the old images go; their files may still be shared with the new rows, so
    files are left to the media clean-up."""
    _images_of(target).delete()
    _images_of(source).update(object_id=target.pk)
