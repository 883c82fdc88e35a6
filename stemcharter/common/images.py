"""Uploaded images: validation (a real image, not too large, not a decompression bomb) and
a clean copy to publish (upright, bounded in size, without metadata such as GPS)."""

import contextlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

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
            # verify() checks the structure but decodes no pixels: a file cut off halfway
            # passes it. Decode it all now (verify() leaves the image unusable, so reopen).
            file.seek(position)
            with Image.open(file) as image:
                image.load()
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


_SAVE_AS = {"PNG": "PNG", "GIF": "PNG", "JPEG": "JPEG", "MPO": "JPEG", "WEBP": "WEBP"}
_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


# The modes each format saves faithfully. Anything else (16/32-bit integer, float, CMYK,
# LAB, premultiplied alpha, ...) is converted first: Pillow refuses to write some of them
# ("cannot write mode I as PNG") and browsers show others wrongly.
_SAVABLE_MODES = {
    "PNG": {"1", "L", "LA", "P", "RGB", "RGBA"},
    "JPEG": {"L", "RGB"},
    "WEBP": {"RGB", "RGBA"},
}
_HIGH_DEPTH_MODES = {"I", "I;16", "I;16B", "I;16L", "I;16N", "F"}
_ALPHA_MODES = {"LA", "La", "PA", "RGBA", "RGBa"}


def _to_8_bit_grey(image: Image.Image) -> Image.Image:
    """16-bit, 32-bit or float greys scaled to 0..255 (a plain convert() would clip to white)."""
    image = image.convert("F")
    high = image.getextrema()[1]
    if high > 255:
        image = image.point(lambda value: value * 255 / max(high, 65535))
    return image.convert("L")


def web_mode(image: Image.Image, *, save_as: str) -> Image.Image:
    """The image in a mode that ``save_as`` can write and browsers show as intended."""
    if image.mode in _SAVABLE_MODES[save_as]:
        return image
    if image.mode in _HIGH_DEPTH_MODES:
        image = _to_8_bit_grey(image)
        if image.mode in _SAVABLE_MODES[save_as]:
            return image
    if image.mode == "La":
        image = image.convert("LA")
    elif image.mode == "RGBa":
        image = image.convert("RGBA")
    has_alpha = image.mode in _ALPHA_MODES or "transparency" in image.info
    if has_alpha and "RGBA" in _SAVABLE_MODES[save_as]:
        return image.convert("RGBA")
    return image.convert("RGB")


# What of ``Image.info`` a re-encoded image keeps: how its pixels look, nothing about them.
# Pillow writes some of what ``info`` holds back into the file it saves (a JPEG's or a GIF's
# comment, for one), so everything else is dropped before saving.
_PIXEL_INFO = {"transparency"}


def _pixels_only(image: Image.Image) -> Image.Image:
    """``image`` without metadata: EXIF, XMP, ICC profile, comments and text chunks are dropped
    from ``info``, so that saving it writes none of them.

    Colours described by an embedded ICC profile (a phone's Display P3, say) are first turned
    into sRGB, what a browser assumes for an image without a profile; a profile that cannot be
    read is dropped with the rest.
    """
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA"):
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            image = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                ImageCms.createProfile("sRGB"),
                outputMode=image.mode,
            )
    image.info = {key: value for key, value in image.info.items() if key in _PIXEL_INFO}
    return image


@dataclass(frozen=True)
class CleanImage:
    file: ContentFile
    width: int
    height: int


def image_clean_copy(file: File, *, name: str, max_side: int = 1200) -> CleanImage:
    """A copy of a validated upload that is safe to publish.

    It is turned upright (EXIF orientation), scaled down to ``max_side`` pixels at most, and
    re-encoded without any metadata: EXIF (GPS position, camera, date), XMP, ICC profiles,
    comments and text chunks are dropped (``_pixels_only``). Call ``validate_image_upload`` first.
    """
    file.seek(0)
    with Image.open(file) as original:
        save_as = _SAVE_AS.get(original.format or "", "PNG")
        image = ImageOps.exif_transpose(original)
        image.thumbnail((max_side, max_side))
        image = _pixels_only(web_mode(image, save_as=save_as))
        buffer = io.BytesIO()
        options = {"quality": 88, "optimize": True} if save_as in ("JPEG", "WEBP") else {}
        image.save(buffer, format=save_as, **options)
        width, height = image.size
    file.seek(0)
    stem = Path(name).stem or "image"
    return CleanImage(
        file=ContentFile(buffer.getvalue(), name=f"{stem}.{_EXTENSIONS[save_as]}"),
        width=width,
        height=height,
    )


def image_clean_crop(file: File, *, name: str, size: tuple[int, int]) -> CleanImage:
    """A copy of a validated upload cut to exactly ``size`` (width, height), safe to publish.

    Like ``image_clean_copy`` (upright, no metadata), but it fills the whole frame: the image
    is scaled to cover it and the centre is kept, as cards and social images need a fixed size.
    """
    file.seek(0)
    with Image.open(file) as original:
        save_as = _SAVE_AS.get(original.format or "", "PNG")
        image = ImageOps.exif_transpose(original)
        if image.mode in ("1", "P"):
            # Palette images would be scaled pixel by pixel; smooth scaling needs full colour.
            image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        image = web_mode(image, save_as=save_as)
        image = _pixels_only(ImageOps.fit(image, size, method=Image.Resampling.LANCZOS))
        buffer = io.BytesIO()
        options = {"quality": 85, "optimize": True} if save_as in ("JPEG", "WEBP") else {}
        image.save(buffer, format=save_as, **options)
        width, height = image.size
    file.seek(0)
    stem = Path(name).stem or "image"
    return CleanImage(
        file=ContentFile(buffer.getvalue(), name=f"{stem}.{_EXTENSIONS[save_as]}"),
        width=width,
        height=height,
    )
