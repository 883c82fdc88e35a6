"""Share images (issue 14): 1200 by 630 PNGs drawn with Pillow, and their stored copies."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image as PillowImage

from stemcharter.images.share_images import (
    HEIGHT,
    LOGO_BOX,
    MARGIN,
    STORAGE_PREFIX,
    WIDTH,
    _font,
    share_image_png,
    share_image_stored,
    wrap_text,
)

# A point inside the logo's white panel, away from the logo itself (its top-left corner).
PANEL_POINT = (WIDTH - MARGIN - LOGO_BOX + 8, MARGIN + 8)
WHITE = (255, 255, 255)


def opened(content: bytes) -> PillowImage.Image:
    image = PillowImage.open(io.BytesIO(content))
    image.load()
    return image


def logo_bytes(mode: str, *, image_format: str = "PNG", size=(400, 200)) -> bytes:
    colour = {"CMYK": (0, 200, 200, 0), "RGBA": (200, 20, 20, 128), "LA": (40, 200)}.get(mode, 120)
    if mode == "I;16":
        picture = PillowImage.new("I;16", size)
        picture.paste(40000, (0, 0, *size))
    else:
        picture = PillowImage.new(mode, size, colour)
    if mode == "P":
        picture.putpalette([200, 30, 30] * 256)
        picture.info["transparency"] = 0
    buffer = io.BytesIO()
    picture.save(buffer, format=image_format)
    return buffer.getvalue()


def test_a_share_image_is_a_1200_by_630_png():
    content = share_image_png(title="Open labodag", subtitle="Zuidlab", language="nl")
    image = opened(content)
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT) == (1200, 630)


def test_a_long_title_wraps_and_a_too_long_one_ends_with_an_ellipsis():
    font = _font(60)
    title = "Jongeren bouwen een robotarm met de ingenieurs van onze fabriek in Gent"
    lines = wrap_text(title, font=font, width=700, max_lines=4)
    assert len(lines) > 1
    assert " ".join(lines) == title
    assert all(font.getlength(line) <= 700 for line in lines)
    endless = " ".join(["wetenschap"] * 80)
    lines = wrap_text(endless, font=font, width=700, max_lines=4)
    assert len(lines) == 4
    assert lines[-1].endswith("…")
    # One word longer than a line is cut, not drawn past the edge.
    lines = wrap_text("a" * 200, font=font, width=300, max_lines=4)
    assert all(font.getlength(line) <= 300 for line in lines)
    # And the whole image is still drawn.
    assert opened(share_image_png(title=endless, subtitle=endless, language="en")).size == (
        1200,
        630,
    )


def test_the_title_changes_the_picture():
    first = share_image_png(title="Open labodag", subtitle="Zuidlab", language="nl")
    second = share_image_png(title="Robotdag", subtitle="Zuidlab", language="nl")
    assert first != second


@pytest.mark.parametrize(
    ("mode", "image_format"),
    [
        ("CMYK", "JPEG"),
        ("RGBA", "PNG"),
        ("P", "PNG"),
        ("LA", "PNG"),
        ("L", "JPEG"),
        ("I;16", "PNG"),
        ("RGB", "WEBP"),
    ],
)
def test_a_logo_in_any_mode_is_drawn_in_a_white_panel(mode, image_format):
    without = opened(share_image_png(title="Robotdag", language="nl"))
    content = share_image_png(
        title="Robotdag", language="nl", logo=logo_bytes(mode, image_format=image_format)
    )
    image = opened(content).convert("RGB")
    assert image.size == (1200, 630)
    assert image.getpixel(PANEL_POINT) == WHITE
    assert without.convert("RGB").getpixel(PANEL_POINT) != WHITE
    # The logo itself is in the middle of the panel (not white, not the background).
    centre = (WIDTH - MARGIN - LOGO_BOX // 2, MARGIN + LOGO_BOX // 2)
    assert image.getpixel(centre) != WHITE


@pytest.mark.django_db
def test_a_logo_whose_file_is_missing_or_broken_draws_the_image_without_it():
    from stemcharter.organisations.tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    organisation.logo.name = "logos/gone.png"  # the row names a file that is not there
    for logo in (organisation.logo, b"not an image", io.BytesIO(b"\x89PNG broken")):
        image = opened(share_image_png(title="Robotdag", language="nl", logo=logo))
        assert image.size == (1200, 630)
        assert image.convert("RGB").getpixel(PANEL_POINT) != WHITE


def test_a_stored_drawing_is_read_back_and_a_new_version_replaces_it(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    drawn = []

    def draw(text: str):
        def _draw() -> bytes:
            drawn.append(text)
            return share_image_png(title=text, language="nl")

        return _draw

    first = share_image_stored(key="action/1", language="nl", version="v1", draw=draw("one"))
    again = share_image_stored(key="action/1", language="nl", version="v1", draw=draw("two"))
    assert again == first
    assert drawn == ["one"]
    english = share_image_stored(key="action/1", language="en", version="v1", draw=draw("en"))
    assert drawn == ["one", "en"]
    changed = share_image_stored(key="action/1", language="nl", version="v2", draw=draw("three"))
    assert changed != first
    assert drawn == ["one", "en", "three"]
    _folders, files = default_storage.listdir(f"{STORAGE_PREFIX}/action/1")
    # The older Dutch drawing went; the English one stays beside the new Dutch one.
    assert len(files) == 2
    assert sorted(name[:3] for name in files) == ["en-", "nl-"]
    assert english != changed


def test_a_storage_that_fails_still_gives_the_drawing(monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    default_storage.exists("warm-up")  # the lazy storage made, so its class is known
    storage_class = type(default_storage._wrapped)
    monkeypatch.setattr(storage_class, "exists", broken)
    monkeypatch.setattr(storage_class, "save", broken)
    content = share_image_stored(
        key="story/9",
        language="nl",
        version="v1",
        draw=lambda: share_image_png(title="x", language="nl"),
    )
    assert opened(content).size == (1200, 630)
