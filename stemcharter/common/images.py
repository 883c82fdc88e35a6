"""Validation of uploaded images: a real image, not too large, not a decompression bomb."""

import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # well below Pillow's own bomb limit, far above any real logo
# MPO is how Pillow names a JPEG with extra frames, as many phones and cameras save them;
# browsers show it as an ordinary JPEG.
ALLOWED_FORMATS = {"PNG", "JPEG", "MPO", "GIF", "WEBP"}


def validate_image_upload(file: UploadedFile) -> None:
    """Raise ValidationError with a message the uploader can act on."""
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is larger than 5 MB. Choose a smaller file."), code="too_large"
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                image_format = image.format
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("The image has too many pixels. Choose an image of at most 40 megapixels."),
            code="bomb",
        ) from exc
    except Exception as exc:
        raise ValidationError(
            _("The file is not an image. Choose a PNG, JPEG, GIF or WebP file."),
            code="not_image",
        ) from exc
    finally:
        file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("The file is not an image. Choose a PNG, JPEG, GIF or WebP file."),
            code="not_image",
        )
