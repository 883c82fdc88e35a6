"""A signatory's certificate (issue 14): one A4 page in landscape, drawn with reportlab, with a
QR code (segno) to the signatory's public page.

reportlab draws the PDF from Python without a browser engine or system libraries (WeasyPrint
would need Pango and friends); segno makes the QR code's modules, drawn here as vector squares,
so the code stays sharp in print.

The text is in DejaVu Sans (its TrueType files in ``settings.CERTIFICATE_FONT_DIR``, Debian's
``fonts-dejavu-core``), embedded in the PDF (the letters used), so a name with letters beyond
Latin-1 ("Łódź", "Ğ", Greek, Cyrillic) is drawn as written. Without those files the
certificate falls back to the standard PDF font Helvetica, which needs no file but covers only
Latin-1 (Dutch, French and German names), with a warning in the log.
"""

import logging
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import segno
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas

logger = logging.getLogger(__name__)

# The site's colours (static/css/site.css): dark text and the brand's blue, AA on white.
INK = HexColor("#1b1f24")
BRAND = HexColor("#0b5cad")
MUTED = HexColor("#4a5360")

# The fonts: DejaVu Sans from CERTIFICATE_FONT_DIR (file name → the name registered), else
# the standard PDF fonts.
FONT_FILES = {"DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf"}
FALLBACK_FONT = "Helvetica"
FALLBACK_FONT_BOLD = "Helvetica-Bold"

# The name's largest size, and the smallest it shrinks to before it wraps on more lines.
NAME_SIZE = 40
NAME_SIZE_MIN = 24
NAME_LINES = 3


@dataclass(frozen=True)
class Certificate:
    """What a certificate says; the words around it are in the active language."""

    name: str
    charter_version_number: int
    charter_version_title: str
    approved_on: date | None
    url: str


@lru_cache(maxsize=4)
def _registered_fonts(directory: str) -> tuple[str, str]:
    """(regular, bold) font names for the certificate: DejaVu Sans from ``directory``,
    registered with reportlab the first time; Helvetica when a file is missing or damaged
    (logged once per process and directory)."""
    try:
        for name, file_name in FONT_FILES.items():
            path = Path(directory) / file_name
            if not path.is_file():
                raise FileNotFoundError(f"no {path}")
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(path)))
    except (OSError, TTFError) as error:
        logger.warning(
            "Certificate font not found in CERTIFICATE_FONT_DIR (%s): %s. Falling back to "
            "Helvetica, which draws only Latin-1 letters (install fonts-dejavu-core).",
            directory,
            error,
        )
        return FALLBACK_FONT, FALLBACK_FONT_BOLD
    return "DejaVuSans", "DejaVuSans-Bold"


def certificate_fonts() -> tuple[str, str]:
    """(regular, bold): the fonts the certificate is drawn in (see the module's docstring)."""
    return _registered_fonts(str(settings.CERTIFICATE_FONT_DIR))


def _name_lines(name: str, width: float, font: str) -> tuple[list[str], int]:
    """The name in at most ``NAME_LINES`` lines of ``font`` that fit ``width``, as large as
    it fits."""
    size = NAME_SIZE
    while True:
        lines = simpleSplit(name, font, size, width)
        if len(lines) <= 1 or size <= NAME_SIZE_MIN:
            break
        size -= 2
    if len(lines) > NAME_LINES:
        lines = lines[:NAME_LINES]
        lines[-1] = lines[-1].rstrip() + "…"
    return lines, size


def _draw_qr(canvas: Canvas, url: str, *, x: float, y: float, size: float) -> None:
    """The QR code of ``url`` as dark squares in a ``size`` square whose lower left is x, y
    (with the quiet zone of four modules the standard asks for)."""
    matrix = [list(row) for row in segno.make(url, error="m").matrix_iter(scale=1, border=4)]
    module = size / len(matrix)
    canvas.setFillColor(INK)
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * module
        column = 0
        while column < len(row):
            if row[column]:
                start = column
                while column < len(row) and row[column]:
                    column += 1
                canvas.rect(
                    x + start * module, top, (column - start) * module, module, stroke=0, fill=1
                )
            else:
                column += 1


def certificate_pdf(certificate: Certificate, *, compress: bool = True) -> bytes:
    """The certificate as PDF bytes (A4 landscape), in the active language.

    ``compress=False`` leaves the page's text readable in the bytes (for tests).
    """
    font, font_bold = certificate_fonts()
    buffer = BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1 if compress else 0)
    title = _("Certificate of the STEM-charter")
    canvas.setTitle(f"{title}: {certificate.name}")
    canvas.setAuthor(_("STEM-charter"))
    canvas.setSubject(_("signed the STEM-charter"))

    # A frame in the brand's colour.
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm, stroke=1, fill=0)
    canvas.setLineWidth(0.8)
    canvas.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm, stroke=1, fill=0)

    centre = width / 2
    canvas.setFillColor(BRAND)
    canvas.setFont(font_bold, 16)
    canvas.drawCentredString(centre, height - 40 * mm, title.upper())

    lines, size = _name_lines(certificate.name, width - 80 * mm, font_bold)
    canvas.setFillColor(INK)
    canvas.setFont(font_bold, size)
    y = height - 62 * mm
    for line in lines:
        canvas.drawCentredString(centre, y, line)
        y -= size * 1.2

    canvas.setFont(font, 22)
    canvas.drawCentredString(centre, y - 4 * mm, _("signed the STEM-charter"))

    canvas.setFillColor(MUTED)
    canvas.setFont(font, 14)
    version = _("Charter version %(number)s: %(title)s") % {
        "number": certificate.charter_version_number,
        "title": certificate.charter_version_title,
    }
    canvas.drawCentredString(centre, y - 18 * mm, version[:120])
    if certificate.approved_on is not None:
        approved = _("Approved on %(date)s") % {
            "date": date_format(certificate.approved_on, "DATE_FORMAT")
        }
        canvas.drawCentredString(centre, y - 26 * mm, approved)

    # The coordinators' line, bottom left; the QR code to the public page, bottom right.
    canvas.setFillColor(INK)
    canvas.setFont(font, 12)
    canvas.line(30 * mm, 42 * mm, 110 * mm, 42 * mm)
    canvas.drawString(30 * mm, 36 * mm, _("On behalf of the coordinators of the STEM-charter"))
    canvas.setFont(font, 9)
    canvas.setFillColor(MUTED)
    canvas.drawString(30 * mm, 30 * mm, certificate.url)

    qr_size = 38 * mm
    _draw_qr(canvas, certificate.url, x=width - 30 * mm - qr_size, y=22 * mm, size=qr_size)
    canvas.setFont(font, 8)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(
        width - 30 * mm - qr_size / 2, 20 * mm, _("Scan for the signatory's page")
    )

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
