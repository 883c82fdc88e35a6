import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from stemcharter.common import images
from stemcharter.common.images import validate_image_upload


@pytest.fixture(autouse=True)
def _english():
    """The messages are compared in English, whatever the translations say."""
    with translation.override("en"):
        yield


def png_bytes(size=(20, 10), image_format="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, format=image_format)
    return buffer.getvalue()


def png_header_claiming(width: int, height: int) -> bytes:
    """A PNG that only says it is huge: a signature, an IHDR chunk and IEND, no pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def upload(content: bytes, name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def test_accepts_a_small_png_and_rewinds_the_file():
    file = upload(png_bytes())
    validate_image_upload(file)
    assert file.tell() == 0


@pytest.mark.parametrize("image_format", ["JPEG", "GIF", "WEBP"])
def test_accepts_other_web_formats(image_format):
    validate_image_upload(upload(png_bytes(image_format=image_format), name="logo.img"))


def test_refuses_a_file_that_is_not_an_image():
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(b"this is plain text, not a picture"))
    assert excinfo.value.code == "not_image"
    assert "The file is not an image" in excinfo.value.messages[0]


def test_refuses_an_image_format_we_do_not_show():
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(png_bytes(image_format="BMP"), name="logo.bmp"))
    assert excinfo.value.code == "not_image"


def test_refuses_a_file_larger_than_5_mb():
    content = png_bytes() + b"\0" * (5 * 1024 * 1024)
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(content))
    assert excinfo.value.code == "too_large"
    assert excinfo.value.messages == ["The image is larger than 5 MB. Choose a smaller file."]


def test_refuses_a_decompression_bomb_header():
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(png_header_claiming(100_000, 100_000)))
    assert excinfo.value.code == "bomb"
    assert "too many pixels" in excinfo.value.messages[0]


def test_refuses_an_image_above_our_own_pixel_limit(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 100)
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(png_bytes(size=(20, 10))))
    assert excinfo.value.code == "bomb"


def test_accepts_a_multi_picture_jpeg_as_phones_save_them():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10)).save(
        buffer, format="MPO", save_all=True, append_images=[Image.new("RGB", (20, 10))]
    )
    validate_image_upload(upload(buffer.getvalue(), name="photo.jpg"))


def noisy_jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 50).convert("RGB").save(buffer, format="JPEG")
    return buffer.getvalue()


def test_refuses_a_jpeg_cut_off_halfway():
    """verify() alone accepts it; decoding the pixels finds the missing half."""
    content = noisy_jpeg_bytes()
    file = upload(content[: len(content) // 2], name="photo.jpg")
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(file)
    assert excinfo.value.code == "not_image"
    assert "The file is not an image" in excinfo.value.messages[0]
    assert file.tell() == 0


def test_accepts_the_whole_jpeg():
    validate_image_upload(upload(noisy_jpeg_bytes(), name="photo.jpg"))
