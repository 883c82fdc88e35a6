"""CSV downloads: formulas neutralised, UTF-8 with a byte order mark, semicolons, streamed."""

import csv
import io

import pytest

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
