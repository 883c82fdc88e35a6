"""``common.months.month_label``: the short month as each language writes it."""

import pytest
from django.utils import translation

from stemcharter.common.months import month_label


@pytest.mark.parametrize(
    ("language", "month", "label"),
    [
        ("nl", "2026-03", "mrt 2026"),
        ("nl", "2026-10", "okt 2026"),
        ("nl", "2026-05", "mei 2026"),
        ("en", "2026-03", "Mar 2026"),
        ("en", "2026-10", "Oct 2026"),
    ],
)
def test_short_months_follow_the_languages_capitals(language, month, label):
    """Dutch writes month names in lower case, English with a capital: the short name follows
    the full one (Django's "M" format capitalises every language's)."""
    with translation.override(language):
        assert month_label(month) == label


def test_a_key_that_is_no_month_is_refused():
    with pytest.raises(ValueError, match="Not a month"):
        month_label("2026-13")
