"""Share images: the 1200 by 630 PNG a link preview shows (LinkedIn, Facebook, X, WhatsApp).

``share_image_png`` draws one with Pillow: a kicker ("Action"), the title word-wrapped, the
organisation, its logo scaled into a white panel, and the site's name; white and yellow on the
site's dark blue (contrast 10:1 and 7:1, above AA). The font is Pillow's own scalable one
(``ImageFont.load_default(size=...)``, DejaVu-like, bundled with Pillow's FreeType build), so
nothing needs installing on the server.

``share_image_stored`` keeps each drawing in the default storage under a name made of what it
shows (the caller's ``version``: the rows' ``updated_at``, the language), so a spike of
previews reads a stored file instead of drawing again; an older drawing of the same item and
language is removed when a new one is stored; ``share_images_delete`` removes all of an item's
drawings (its model's ``post_delete``, connected by the app that names the item).

Callers (the pages app's views) name the item; this module knows no content model.
"""

import hashlib
import io
import logging
import threading
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont, ImageOps

from stemcharter.common.images import web_mode

from .models import SOCIAL_SIZE

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = SOCIAL_SIZE
MARGIN = 64
BACKGROUND = (8, 66, 125)  # --color-primary-dark
TEXT = (255, 255, 255)
ACCENT = (255, 210, 63)  # --color-accent
LOGO_BOX = 280  # the white panel the logo is scaled into (square)
LOGO_PADDING = 24
TITLE_SIZES = (68, 60, 52, 44)  # the largest that fits TITLE_MAX_LINES lines
TITLE_MAX_LINES = 4
SUBTITLE_SIZE = 34
KICKER_SIZE = 30
FOOTER_SIZE = 28
# Drawn logos never exceed this many pixels before scaling (a logo passed the upload's checks;
# this only keeps a damaged or unexpected file from costing a spike).
LOGO_MAX_PIXELS = 40_000_000
# Part of every stored copy's name: bump it when the drawing changes, so none is served stale.
DRAWING_VERSION = "1"
STORAGE_PREFIX = "share-images"


_fonts = threading.local()


def _font(size: int) -> ImageFont.FreeTypeFont:
    # Loaded once per size and thread (a few sizes; about a millisecond each). Per thread: a
    # FreeType face is not to be used by two threads at once.
    fonts = _fonts.__dict__.setdefault("by_size", {})
    if size not in fonts:
        fonts[size] = ImageFont.load_default(size=size)
    return fonts[size]


def _text_width(font: ImageFont.FreeTypeFont, text: str) -> float:
    return font.getlength(text)


def wrap_text(text: str, *, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list:
    """``text`` in lines no wider than ``width`` pixels, at most ``max_lines``; the last line
    ends with "…" when the text is longer. A word wider than a line is cut."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        while _text_width(font, word) > width:
            # Cut a word that does not fit on a line of its own.
            cut = len(word)
            while cut > 1 and _text_width(font, word[:cut]) > width:
                cut -= 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}".strip()
        if _text_width(font, candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and _text_width(font, f"{last}…") > width:
            last = last[:-1].rstrip()
        lines = [*lines[: max_lines - 1], f"{last}…"]
    return lines


def _fit_title(title: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    for size in TITLE_SIZES:
        font = _font(size)
        lines = wrap_text(title, font=font, width=width, max_lines=TITLE_MAX_LINES)
        if len(lines) < TITLE_MAX_LINES or not lines[-1].endswith("…"):
            return font, lines
    return font, lines


def _open_logo(logo) -> Image.Image | None:
    """The logo as RGBA, or None when there is none or it cannot be read (a missing file, a
    damaged one): the share image is drawn without it rather than failing."""
    if not logo:
        return None
    try:
        if hasattr(logo, "open"):
            with logo.open("rb") as file:
                data = file.read()
        elif isinstance(logo, bytes):
            data = logo
        else:
            data = logo.read()
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > LOGO_MAX_PIXELS:
                return None
            image = ImageOps.exif_transpose(image)
            if image.mode in ("1", "P", "CMYK", "YCbCr", "LAB", "HSV"):
                image = image.convert("RGBA")
            return web_mode(image, save_as="PNG").convert("RGBA")
    except Exception:
        logger.warning("Share image drawn without the logo: it could not be read.", exc_info=True)
        return None


def share_image_png(
    *, title: str, subtitle: str = "", logo=None, language: str, kicker: str = ""
) -> bytes:
    """A 1200 by 630 PNG for link previews.

    In: ``title`` (wrapped in at most four lines, shortened with "…"), ``subtitle`` (one line,
    usually the organisation), ``logo`` (a FieldFile, a file object or bytes; None, a missing
    or unreadable file: drawn without it), ``language`` (of the site's own words on it),
    ``kicker`` (a word above the title, already in that language). Out: the PNG's bytes.
    """
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    text_right = WIDTH - MARGIN

    logo_image = _open_logo(logo)
    if logo_image is not None:
        left = WIDTH - MARGIN - LOGO_BOX
        draw.rounded_rectangle(
            (left, MARGIN, left + LOGO_BOX, MARGIN + LOGO_BOX), radius=16, fill=TEXT
        )
        inner = LOGO_BOX - 2 * LOGO_PADDING
        logo_image = ImageOps.contain(logo_image, (inner, inner), Image.Resampling.LANCZOS)
        offset = (
            left + LOGO_PADDING + (inner - logo_image.width) // 2,
            MARGIN + LOGO_PADDING + (inner - logo_image.height) // 2,
        )
        image.paste(logo_image, offset, logo_image)
        text_right = left - 40

    y = MARGIN
    if kicker:
        font = _font(KICKER_SIZE)
        kicker_line = wrap_text(kicker, font=font, width=text_right - MARGIN, max_lines=1)[0]
        draw.text((MARGIN, y), kicker_line, font=font, fill=ACCENT)
        y += KICKER_SIZE + 28

    title_font, lines = _fit_title(title.strip(), text_right - MARGIN)
    line_height = int(title_font.size * 1.2)
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=TEXT)
        y += line_height

    if subtitle:
        font = _font(SUBTITLE_SIZE)
        y += 20
        width = (WIDTH - 2 * MARGIN) if y > MARGIN + LOGO_BOX else text_right - MARGIN
        line = wrap_text(subtitle.strip(), font=font, width=width, max_lines=1)[0]
        draw.text((MARGIN, y), line, font=font, fill=TEXT)

    # The site's name at the foot, above a yellow band.
    band = 14
    footer_font = _font(FOOTER_SIZE)
    with translation.override(language):
        footer = _("STEM-charter: together we make STEM attractive")
    footer_y = HEIGHT - band - MARGIN // 2 - FOOTER_SIZE
    mark = FOOTER_SIZE + 12
    draw.rounded_rectangle(
        (MARGIN, footer_y - 6, MARGIN + mark, footer_y - 6 + mark), radius=6, fill=ACCENT
    )
    draw.text(
        (MARGIN + mark / 2, footer_y - 6 + mark / 2),
        "S",
        font=_font(FOOTER_SIZE),
        fill=BACKGROUND,
        anchor="mm",
    )
    draw.text((MARGIN + mark + 16, footer_y), footer, font=footer_font, fill=TEXT)
    draw.rectangle((0, HEIGHT - band, WIDTH, HEIGHT), fill=ACCENT)

    buffer = io.BytesIO()
    # zlib's default level: ``optimize=True`` (level 9 and filters tried) made the file 2 % smaller
    # for three times the time, which is most of a drawing's cost.
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def _digest(version: str) -> str:
    return hashlib.blake2b(f"{DRAWING_VERSION}:{version}".encode(), digest_size=10).hexdigest()


def share_image_stored(
    *, key: str, language: str, version: str, draw: Callable[[], bytes]
) -> bytes:
    """The stored drawing of item ``key`` (e.g. ``"action/12"``) in ``language`` for
    ``version`` (what it shows: the rows' ``updated_at``...), drawn with ``draw()`` and stored
    the first time. Older drawings of the same item and language are removed then.

    Out: the PNG's bytes. A storage that cannot be read or written: drawn and not kept.
    """
    directory = f"{STORAGE_PREFIX}/{key}"
    name = f"{directory}/{language}-{_digest(version)}.png"
    try:
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as file:
                return file.read()
    except OSError:
        logger.warning("Stored share image %s could not be read.", name, exc_info=True)
    content = draw()
    try:
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:
            # Another request stored the same drawing at the same moment: keep one.
            default_storage.delete(saved)
        _remove_older(directory=directory, language=language, keep=name)
    except OSError:
        logger.warning("Share image %s could not be stored.", name, exc_info=True)
    return content


def _remove_older(*, directory: str, language: str, keep: str) -> None:
    try:
        _folders, files = default_storage.listdir(directory)
    except (OSError, NotImplementedError):
        return
    for file_name in files:
        path = f"{directory}/{file_name}"
        if file_name.startswith(f"{language}-") and path != keep:
            default_storage.delete(path)


def share_images_delete(key: str) -> int:
    """Remove every stored drawing of item ``key`` (e.g. ``"action/12"``), in every language:
    the item is gone. Returns how many files were removed; a storage that cannot be listed or
    a file already gone: nothing to do, logged when the storage fails."""
    if not key or ".." in key.split("/"):
        raise ValueError(f"Not a share image key: {key!r}")
    directory = f"{STORAGE_PREFIX}/{key}"
    try:
        _folders, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return 0
    except (OSError, NotImplementedError):
        logger.warning("Share images of %s could not be listed.", key, exc_info=True)
        return 0
    removed = 0
    for file_name in files:
        try:
            default_storage.delete(f"{directory}/{file_name}")
            removed += 1
        except OSError:
            logger.warning("Share image %s/%s could not be removed.", directory, file_name)
    return removed


def share_image_meta(*, url: str, alt: str, alt_translated: bool = False) -> dict:
    """What ``templates/base.html`` needs for ``og:image`` (its ``og_image``): the share
    image's ``url`` (a path of this site), its size and ``alt``. ``alt_translated``: the alt
    text is the site's own words in the page's language (not what people wrote, which is in
    the content language and marked so)."""
    return {
        "url": url,
        "width": WIDTH,
        "height": HEIGHT,
        "alt": alt,
        "alt_translated": alt_translated,
    }
