"""Test images: real picture files (with EXIF and GPS if asked) and images added through the
service, as the portal adds them."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.images.models import Image
from stemcharter.images.services import image_add

GPS_IFD = 0x8825


def picture_bytes(
    size: tuple[int, int] = (320, 200),
    *,
    image_format: str = "JPEG",
    with_gps: bool = False,
    colour: str = "teal",
) -> bytes:
    """A picture; ``with_gps`` adds EXIF with a camera name and a GPS position."""
    picture = PillowImage.new("RGB", size, colour)
    options = {}
    if with_gps:
        exif = PillowImage.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x0110] = "Phone 12"  # Model
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 3.0, 0.0), 3: "E", 4: (3.0, 43.0, 0.0)})
        options["exif"] = exif
    buffer = io.BytesIO()
    picture.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def picture_upload(name: str = "robot.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, picture_bytes(**kwargs), content_type="image/jpeg")


class ImageFactory(factory.Factory):
    """An image added to ``owner`` through ``images.services.image_add``."""

    class Meta:
        model = Image

    owner = None
    file = factory.LazyFunction(picture_upload)
    alt_text = factory.Sequence(lambda n: f"Twee leerlingen bouwen robot {n}")
    caption = ""
    minors_recognisable = False
    consent_confirmed = False
    by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return image_add(**kwargs)

    _build = _create
