"""CSV downloads that spreadsheets open safely and correctly: the one helper for every export.

- **Formula injection** (CSV injection, OWASP): a cell that starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return is a formula to Excel, LibreOffice and Google Sheets, which
  can run commands or send the sheet's data elsewhere when the coordinator opens the file.
  Members write organisation names, towns and websites, so every text cell is neutralised with
  a leading apostrophe (``csv_cell``), which the spreadsheet shows as text and does not print.
- **Opening in Excel as used in Flanders**: the file is UTF-8 with a byte order mark (else
  Excel reads "Élan" as "Ã‰lan") and separates columns with a semicolon, the list separator
  of Excel with Dutch and Belgian regional settings; LibreOffice and Google Sheets detect it.
- **Memory**: rows are written as they come (a streaming response), so an export of every
  organisation holds one row at a time.
"""

import csv
from collections.abc import Iterable
from typing import Any

from django.http import StreamingHttpResponse

# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DELIMITER = ";"


def csv_cell(value: Any) -> str | int:
    """``value`` as a cell: ``None`` empty, whole numbers as they are, any text that a
    spreadsheet would take for a formula with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    """A file-like object that hands back what the csv writer writes to it."""

    def write(self, value: str) -> str:
        return value


def csv_response(
    *, filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]]
) -> StreamingHttpResponse:
    """A download of ``header`` and ``rows`` as ``filename`` (``"organisaties.csv"``), every
    cell passed through ``csv_cell``; ``rows`` is consumed while the response is sent."""
    writer = csv.writer(_Echo(), delimiter=DELIMITER)

    def lines():
        yield "\ufeff"
        yield writer.writerow([csv_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([csv_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
