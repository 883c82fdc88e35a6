"""CSV downloads: formulas neutralised, UTF-8 with a byte order mark, semicolons, streamed."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import translation

from stemcharter.common.csv_export import csv_cell, csv_response


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://example.org";"klik")',
        "+32 9 123 45 67",
        "-1+1",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_csv_cell_neutralises_what_a_spreadsheet_reads_as_a_formula(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "cell"),
    [("Jansen & Zonen", "Jansen & Zonen"), ("a=b", "a=b"), (None, ""), (12, 12), ("", "")],
)
def test_csv_cell_leaves_other_values_alone(value, cell):
    assert csv_cell(value) == cell


def test_csv_response_streams_a_file_excel_opens():
    rows = iter([["Élan", "=1+1", 3], ["Jansen; Zonen", None, 0]])
    response = csv_response(filename="organisaties.csv", header=["Naam", "Web", "Leden"], rows=rows)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="organisaties.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert parsed == [
        ["Naam", "Web", "Leden"],
        ["Élan", "'=1+1", "3"],
        ["Jansen; Zonen", "", "0"],
    ]


@pytest.mark.parametrize(
    ("language", "cells"),
    [
        ("nl", ["0,0", "12345,5", "-0,25", "3,10", "7", "'-x"]),
        ("en", ["0.0", "12345.5", "-0.25", "3.10", "7", "'-x"]),
    ],
)
def test_decimals_are_written_as_the_requests_language_writes_them(language, cells):
    """A file separated by semicolons is opened with Dutch settings, where "0.5" is no number:
    decimals take the separator of the language active when the response is made, kept while
    it streams (whatever is active then), never grouped; a negative number is no formula."""
    with translation.override(language):
        response = csv_response(
            filename="x.csv",
            header=["a", "b", "c", "d", "e", "f"],
            rows=iter([[0.0, 12345.5, -0.25, Decimal("3.10"), 7, "-x"]]),
        )
    with translation.override("nl" if language == "en" else "en"):
        text = b"".join(response.streaming_content).decode("utf-8")
    parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert parsed[1] == cells
