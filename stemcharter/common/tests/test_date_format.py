"""One way of writing dates, in words, in both languages: "16 oktober 2025", "16 October 2025"
(config/formats), never Django's American "Oct. 16, 2025"; times as 14:05 in both."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

from stemcharter.charter.tests.factories import CharterVersionFactory

# Formats a template may still spell out: machine-readable ones (<time datetime>, feeds) and
# the weekday of an action's single date.
SPELLED_OUT_ALLOWED = {"Y-m-d", "c", "l j F Y"}
DATE_FILTER = re.compile(r"""\|date:["']([^"']+)["']""")


def test_templates_use_the_named_formats():
    root = Path(settings.BASE_DIR)
    templates = [*root.glob("stemcharter/**/templates/**/*.*"), *root.glob("templates/**/*.*")]
    spelled_out = {
        f"{path.relative_to(root)}: {fmt}"
        for path in templates
        if path.suffix in {".html", ".txt", ".xml"}
        for fmt in DATE_FILTER.findall(path.read_text())
        if not fmt.endswith("_FORMAT") and fmt not in SPELLED_OUT_ALLOWED
    }
    assert not spelled_out, 'use |date:"DATE_FORMAT" or "DATETIME_FORMAT"'


# ``{{ something_at }}`` printed as it is: a date object shows in Django's default format, a
# date kept as text (JSON, e.g. a progress report's records) as ISO "2026-03-14".
RAW_DATE = re.compile(
    r"""(datetime=")?\{\{ *([a-z_][\w.]*(?:_at|_date|_on|_until|date|opens|closes)) *\}\}"""
)


def test_templates_print_no_date_as_it_is():
    """Every date on a page goes through ``|date:"DATE_FORMAT"`` (after ``|from_iso`` for one
    kept as text); only a ``<time datetime="…">`` attribute holds it as it is."""
    root = Path(settings.BASE_DIR)
    templates = [*root.glob("stemcharter/**/templates/**/*.*"), *root.glob("templates/**/*.*")]
    raw = {
        f"{path.relative_to(root)}: {match.group(2)}"
        for path in templates
        if path.suffix in {".html", ".txt", ".xml"}
        for match in RAW_DATE.finditer(path.read_text())
        if not match.group(1) and not match.group(2).startswith("form.")
    }
    assert not raw, 'print dates with |date:"DATE_FORMAT" (from text: |from_iso first)'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-14", datetime.date(2026, 3, 14)),
        ("2026-03-14T10:30:00+01:00", "datetime"),
        (datetime.date(2026, 3, 14), datetime.date(2026, 3, 14)),
        ("14/03/2026", None),
        ("", None),
        (None, None),
    ],
)
def test_from_iso_turns_text_back_into_a_date(value, expected):
    from stemcharter.common.templatetags.stem import from_iso

    result = from_iso(value)
    if expected == "datetime":
        assert isinstance(result, datetime.datetime)
        assert result.date() == datetime.date(2026, 3, 14)
    else:
        assert result == expected


@pytest.mark.parametrize(
    ("language", "date", "date_time"),
    [
        ("nl", "16 oktober 2025", "16 oktober 2025, 14:05"),
        ("en", "16 October 2025", "16 October 2025, 14:05"),
    ],
)
def test_dates_in_words_in_both_languages(language, date, date_time):
    moment = datetime.datetime(2025, 10, 16, 14, 5)
    with translation.override(language):
        assert date_format(moment.date()) == date
        assert date_format(moment, "DATETIME_FORMAT") == date_time
        # Times on the 24-hour clock in both ("14:05", never "2:05 p.m."), as in the
        # date and time above: an event's hours read the same as its date.
        assert time_format(moment.time()) == "14:05"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"), [("nl", "16 oktober 2025"), ("en", "16 October 2025")]
)
def test_the_charter_page_writes_its_date_in_words(client, language, words):
    published = timezone.make_aware(datetime.datetime(2025, 10, 16, 12))
    CharterVersionFactory(number=1, published_at=published)
    with translation.override(language):
        url = reverse("charter:charter-detail")
    content = client.get(url).content.decode()
    assert f">{words}</time>" in content
    assert "Oct. 16" not in content
