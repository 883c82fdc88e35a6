"""The certificate PDF draws names beyond Latin-1 ("Łódź Ğ") in DejaVu Sans, embedded in the
PDF, from CERTIFICATE_FONT_DIR; without the font files it falls back to Helvetica with a
warning in the log, and still makes a PDF."""

import logging
import re
from pathlib import Path

import pytest
from django.utils import timezone
from reportlab.pdfbase import pdfmetrics

from stemcharter.pages.certificate import (
    Certificate,
    _name_lines,
    certificate_fonts,
    certificate_pdf,
)

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
NAME = "Łódź Ğençlik Bilim Merkezi"
needs_dejavu = pytest.mark.skipif(
    not (DEJAVU / "DejaVuSans-Bold.ttf").is_file(), reason="fonts-dejavu-core is not installed"
)


def certificate(name: str = NAME) -> Certificate:
    return Certificate(
        name=name,
        charter_version_number=1,
        charter_version_title="STEM-charter",
        approved_on=timezone.localdate(),
        url="https://example.org/ondertekenaars/x/",
    )


@needs_dejavu
def test_the_name_is_drawn_in_dejavu_embedded_in_the_pdf(settings):
    settings.CERTIFICATE_FONT_DIR = str(DEJAVU)
    assert certificate_fonts() == ("DejaVuSans", "DejaVuSans-Bold")
    content = certificate_pdf(certificate(), compress=False)
    assert content.startswith(b"%PDF")
    # Both fonts embedded (a subset: "/BaseFont /ABCDEF+DejaVuSans-Bold", its /FontFile2).
    assert re.search(rb"/BaseFont /[A-Z]{6}\+DejaVuSans-Bold", content)
    assert re.search(rb"/BaseFont /[A-Z]{6}\+DejaVuSans\b", content)
    assert content.count(b"/FontFile2") >= 2
    # The text is set in the embedded subsets ("/F2+0 40 Tf"; /F1 is reportlab's default).
    assert len(set(re.findall(rb"/F\d+\+\d+ [\d.]+ Tf", content))) >= 2
    # Every letter of the name has a glyph of its own in the font (none drawn as a box).
    glyphs = pdfmetrics.getFont("DejaVuSans-Bold").face.charToGlyph
    assert all(ord(letter) in glyphs and glyphs[ord(letter)] != 0 for letter in NAME)


@needs_dejavu
def test_a_long_name_still_wraps_in_dejavu(settings):
    settings.CERTIFICATE_FONT_DIR = str(DEJAVU)
    _font, bold = certificate_fonts()
    lines, size = _name_lines("Łódzkie Stowarzyszenie Nauki i Techniki " * 4, 600, bold)
    assert 2 <= len(lines) <= 3
    assert lines[-1].endswith("…")
    assert size < 40


def test_without_the_font_files_helvetica_and_a_warning(settings, tmp_path, caplog):
    settings.CERTIFICATE_FONT_DIR = str(tmp_path / "no-fonts-here")
    with caplog.at_level(logging.WARNING, logger="stemcharter.pages.certificate"):
        assert certificate_fonts() == ("Helvetica", "Helvetica-Bold")
        content = certificate_pdf(certificate("Zuidlab vzw"), compress=False)
    assert content.startswith(b"%PDF")
    assert b"/BaseFont /Helvetica-Bold" in content
    assert b"/FontFile2" not in content
    assert b"(Zuidlab vzw) Tj" in content
    [record] = [r for r in caplog.records if r.name == "stemcharter.pages.certificate"]
    assert record.levelname == "WARNING"
    assert "CERTIFICATE_FONT_DIR" in record.getMessage()
    assert "fonts-dejavu-core" in record.getMessage()
