import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from stemcharter.common import images
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


def encoded(image: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()


def test_a_cmyk_jpeg_becomes_rgb():
    content = encoded(Image.new("CMYK", (40, 20), (0, 255, 255, 0)), "JPEG")
    clean = image_clean_copy(SimpleUploadedFile("print.jpg", content), name="print.jpg")
    with Image.open(clean.file) as after:
        assert after.format == "JPEG"
        assert after.mode == "RGB"
        red, green, blue = after.getpixel((20, 10))
        assert red > 200
        assert max(green, blue) < 60


def test_a_16_bit_grey_png_keeps_its_grey_levels():
    content = encoded(Image.new("I;16", (40, 20), 32896), "PNG")  # half of 65535
    with Image.open(io.BytesIO(content)) as before:
        assert before.mode == "I;16"
    clean = image_clean_copy(SimpleUploadedFile("scan.png", content), name="scan.png")
    with Image.open(clean.file) as after:
        assert after.format == "PNG"
        assert after.mode == "L"
        assert after.getpixel((0, 0)) == 128  # scaled, not clipped to white


def test_a_32_bit_integer_png_can_be_copied(monkeypatch):
    """Older Pillow versions (and some encoders) give mode I, which PNG cannot save."""
    original_open = Image.open

    def open_as_mode_i(*args, **kwargs):
        image = original_open(*args, **kwargs)
        converted = image.convert("I")
        converted.format = image.format
        return converted

    monkeypatch.setattr(images.Image, "open", open_as_mode_i)
    content = encoded(Image.new("L", (40, 20), 100), "PNG")
    clean = image_clean_copy(SimpleUploadedFile("logo.png", content), name="logo.png")
    monkeypatch.undo()
    with Image.open(clean.file) as after:
        assert after.format == "PNG"
        assert after.getpixel((0, 0)) == 100


@pytest.mark.parametrize(
    "mode", ["I", "I;16", "F", "CMYK", "LAB", "HSV", "YCbCr", "PA", "La", "RGBX", "RGBa", "P"]
)
@pytest.mark.parametrize("save_as", ["PNG", "JPEG", "WEBP"])
def test_every_mode_is_made_savable(mode, save_as):
    image = images.web_mode(Image.new(mode, (4, 4)), save_as=save_as)
    image.save(io.BytesIO(), format=save_as)


def _with_metadata(source: str) -> bytes:
    """An image of ``source`` format carrying every kind of metadata that format can hold."""
    image = Image.new("RGB", (40, 30), (10, 120, 200))
    buffer = io.BytesIO()
    secret = b"secret: Kerkstraat 1, Gent"
    if source == "JPEG":
        image.save(buffer, format="JPEG", comment=secret, icc_profile=b"icc " + secret, xmp=secret)
    elif source == "PNG":
        from PIL import PngImagePlugin

        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", secret.decode())
        text.add_itxt("XML:com.adobe.xmp", secret.decode())
        image.save(buffer, format="PNG", pnginfo=text)
    elif source == "GIF":
        image.convert("P").save(buffer, format="GIF", comment=secret)
    else:
        exif = Image.Exif()
        exif[0x010E] = secret.decode()  # ImageDescription
        image.save(buffer, format="WEBP", exif=exif, xmp=secret)
    return buffer.getvalue()


@pytest.mark.parametrize("source", ["JPEG", "PNG", "GIF", "WEBP"])
@pytest.mark.parametrize("clean", ["copy", "crop"])
def test_every_metadata_segment_is_dropped(source, clean):
    """Comments (JPEG COM, GIF comment extension), PNG text chunks, XMP, ICC profiles and EXIF:
    none of what the upload carried besides its pixels is in the published file."""
    data = _with_metadata(source)
    assert b"Kerkstraat" in data  # the test image does carry it
    upload = SimpleUploadedFile(f"foto.{source.lower()}", data)
    if clean == "copy":
        result = image_clean_copy(upload, name=upload.name)
    else:
        result = images.image_clean_crop(upload, name=upload.name, size=(20, 20))
    published = result.file.read()
    assert b"Kerkstraat" not in published
    with Image.open(io.BytesIO(published)) as after:
        assert not set(after.info) & {"comment", "icc_profile", "xmp", "exif", "Comment"}


def test_an_image_with_a_readable_colour_profile_keeps_its_colours_without_it():
    """The profile goes, the colours stay: the pixels are converted to sRGB through the profile
    (here an sRGB profile, which Pillow can build; a phone's Display P3 goes the same way)."""
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    image = Image.new("RGB", (20, 20), (200, 40, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", icc_profile=srgb.tobytes())
    upload = SimpleUploadedFile("foto.png", buffer.getvalue())
    clean = image_clean_copy(upload, name=upload.name)
    with Image.open(clean.file) as after:
        assert "icc_profile" not in after.info
        # sRGB to sRGB changes (almost) nothing: the conversion ran and kept the colours.
        red, green, blue = after.convert("RGB").getpixel((5, 5))
        assert abs(red - 200) <= 2
        assert abs(green - 40) <= 2
        assert abs(blue - 40) <= 2
