"""CSV downloads that spreadsheets open safely and correctly: the one helper for every export.

- **Formula injection** (CSV injection, OWASP): a cell that starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return is a formula to Excel, LibreOffice and Google Sheets, which
  can run commands or send the sheet's data elsewhere when the coordinator opens the file.
  Members write organisation names, towns and websites, so every text cell is neutralised with
  a leading apostrophe (``csv_cell``), which the spreadsheet shows as text and does not print.
- **Opening in Excel as used in Flanders**: the file is UTF-8 with a byte order mark (else
  Excel reads "Élan" as "Ã‰lan") and separates columns with a semicolon, the list separator
  of Excel with Dutch and Belgian regional settings; LibreOffice and Google Sheets detect it.
- **Decimals as the reader's spreadsheet reads them**: a file separated by semicolons is
  opened with Dutch (or Belgian) settings, where "0.5" is not a number (or becomes a date); a
  decimal cell is written with the decimal separator of the request's language ("0,5" in
  Dutch, "0.5" in English), as the page beside the download shows it, without thousands
  separators (``csv_cell``).
- **Memory**: rows are written as they come (a streaming response), so an export of every
  organisation holds one row at a time.
- **Bad filters**: a download is never a file of other rows than asked for; a filter value the
  page would leave out or correct is refused (``csv_refused``: 400, what is wrong).
"""

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import gettext as _

# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DELIMITER = ";"


def csv_cell(value: Any, decimal_separator: str | None = None) -> str | int:
    """``value`` as a cell: ``None`` empty, whole numbers as they are, decimals (``float``,
    ``Decimal``) with ``decimal_separator`` (by default the active language's: "0,5" in
    Dutch) and no grouping, any text that a spreadsheet would take for a formula with a
    leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float | Decimal) and value == value:  # NaN is not a number to show
        separator = decimal_separator or get_format("DECIMAL_SEPARATOR")
        return numberformat.format(value, separator, grouping=0, thousand_sep="")
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
    cell passed through ``csv_cell``; ``rows`` is consumed while the response is sent, with
    the decimal separator of the language active when this is called (the request's)."""
    writer = csv.writer(_Echo(), delimiter=DELIMITER)
    separator = get_format("DECIMAL_SEPARATOR")

    def lines():
        yield "\ufeff"
        yield writer.writerow([csv_cell(cell, separator) for cell in header])
        for row in rows:
            yield writer.writerow([csv_cell(cell, separator) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_refused(messages: Iterable[str]) -> HttpResponse:
    """The answer of a CSV download whose filters are not valid (a value the page would leave
    out or correct): 400, plain text in the active language, a line saying no file was made,
    then each of ``messages`` (the form's, "Field: message", or the page's notices) on its own
    line. A file of other rows than asked for is never sent. Used by every download with
    filters (insight's dashboard, the progress reports, an item's registrations, the back
    office's organisations, prospects and reach)."""
    lines = [_("The CSV file was not made: a filter is not valid."), *messages]
    return HttpResponse(
        "\n".join(str(line) for line in lines) + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def unknown_sort_refusal(value: str) -> str:
    """The line of ``csv_refused`` for an order (``?sort=``) the list does not know, which
    its page replaces by its own with a notice: said without the list's codes for its
    orders, in the active language."""
    return _(
        "There is no order “%(value)s”: choose the order on the list's page, then download "
        "the file again."
    ) % {"value": value[:60]}
