import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from stemcharter.common.images import image_clean_copy


def jpeg_with_gps_and_orientation(width: int, height: int) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show upright
    exif[0x010F] = "Phone maker"
    exif.get_ifd(0x8825)[2] = (51.0, 3.0, 0.0)  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_metadata_is_dropped_and_the_image_is_upright_and_bounded():
    upload = SimpleUploadedFile("foto.jpeg", jpeg_with_gps_and_orientation(2000, 1000))
    with Image.open(upload) as before:
        assert before.getexif().get_ifd(0x8825)  # the test image does carry GPS
    clean = image_clean_copy(upload, name=upload.name, max_side=800)

    with Image.open(clean.file) as after:
        assert after.format == "JPEG"
        assert not after.getexif()
        assert "exif" not in after.info
        assert after.size == (400, 800)  # turned upright, then scaled to 800 at most
    assert (clean.width, clean.height) == (400, 800)
    assert clean.file.name == "foto.jpg"
    assert upload.tell() == 0


@pytest.mark.parametrize(("source", "expected"), [("GIF", "PNG"), ("PNG", "PNG"), ("WEBP", "WEBP")])
def test_formats_are_kept_web_friendly(source, expected):
    buffer = io.BytesIO()
    Image.new("RGBA" if source != "GIF" else "P", (60, 30)).save(buffer, format=source)
    clean = image_clean_copy(
        SimpleUploadedFile(f"logo.{source.lower()}", buffer.getvalue()), name="logo"
    )
    with Image.open(clean.file) as after:
        assert after.format == expected
        assert after.size == (60, 30)  # small images are not enlarged
