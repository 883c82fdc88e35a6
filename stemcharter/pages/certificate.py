"""A signatory's certificate (issue 14): one A4 page in landscape, drawn with reportlab, with a
QR code (segno) to the signatory's public page.

reportlab draws the PDF from Python without a browser engine or system libraries (WeasyPrint
would need Pango and friends); segno makes the QR code's modules, drawn here as vector squares,
so the code stays sharp in print. The standard PDF font Helvetica needs no font file; it covers
the Latin-1 letters of Dutch, French and German names.
"""

from dataclasses import dataclass
from datetime import date
from io import BytesIO

import segno
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

# The site's colours (static/css/site.css): dark text and the brand's blue, AA on white.
INK = HexColor("#1b1f24")
BRAND = HexColor("#0b5cad")
MUTED = HexColor("#4a5360")

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"

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


def _name_lines(name: str, width: float) -> tuple[list[str], int]:
    """The name in at most ``NAME_LINES`` lines that fit ``width``, as large as it fits."""
    size = NAME_SIZE
    while True:
        lines = simpleSplit(name, FONT_BOLD, size, width)
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
    canvas.setFont(FONT_BOLD, 16)
    canvas.drawCentredString(centre, height - 40 * mm, title.upper())

    lines, size = _name_lines(certificate.name, width - 80 * mm)
    canvas.setFillColor(INK)
    canvas.setFont(FONT_BOLD, size)
    y = height - 62 * mm
    for line in lines:
        canvas.drawCentredString(centre, y, line)
        y -= size * 1.2

    canvas.setFont(FONT, 22)
    canvas.drawCentredString(centre, y - 4 * mm, _("signed the STEM-charter"))

    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 14)
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
    canvas.setFont(FONT, 12)
    canvas.line(30 * mm, 42 * mm, 110 * mm, 42 * mm)
    canvas.drawString(30 * mm, 36 * mm, _("On behalf of the coordinators of the STEM-charter"))
    canvas.setFont(FONT, 9)
    canvas.setFillColor(MUTED)
    canvas.drawString(30 * mm, 30 * mm, certificate.url)

    qr_size = 38 * mm
    _draw_qr(canvas, certificate.url, x=width - 30 * mm - qr_size, y=22 * mm, size=qr_size)
    canvas.setFont(FONT, 8)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(
        width - 30 * mm - qr_size / 2, 20 * mm, _("Scan for the signatory's page")
    )

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
