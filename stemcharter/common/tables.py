"""Tables that read on a phone: each body cell carries its column's heading.

On a narrow screen a table of five columns either cuts off its last columns or scrolls
sideways. Instead, each row is shown as a block and each cell under its heading (one CSS rule,
``table[data-stack]`` in ``static/css/site.css``). The headings come from the table's own
``<thead>``, so no template writes them twice: ``{% stack_tables_in %}`` in ``base.html`` gives
every table on every page its labels.
"""

import re
from html import escape, unescape

TABLE = re.compile(r"<table\b(?P<attrs>[^>]*)>(?P<body>.*?)</table>", re.DOTALL | re.IGNORECASE)
THEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.DOTALL | re.IGNORECASE)
HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL | re.IGNORECASE)
ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.DOTALL | re.IGNORECASE)
CELL = re.compile(r"<(?P<tag>td|th)\b(?P<attrs>[^>]*)>", re.IGNORECASE)
COLSPAN = re.compile(r"""colspan=["']?(\d+)""", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def _text(html: str) -> str:
    return " ".join(unescape(TAG.sub(" ", html)).split())


def _label_row(row: str, labels: list[str]) -> str:
    column = 0

    def label(match: re.Match) -> str:
        nonlocal column
        attrs = match.group("attrs")
        heading = labels[column] if column < len(labels) else ""
        span = COLSPAN.search(attrs)
        column += int(span.group(1)) if span else 1
        if not heading or "data-label" in attrs:
            return match.group(0)
        return f'<{match.group("tag")}{attrs} data-label="{escape(heading)}">'

    return CELL.sub(label, row)


def _stack_table(match: re.Match) -> str:
    attrs, body = match.group("attrs"), match.group("body")
    head = THEAD.search(body)
    if head is None or "data-stack" in attrs:
        return match.group(0)
    labels = [_text(cell) for cell in HEADER_CELL.findall(head.group(1))]
    rest = ROW.sub(
        lambda row: row.group(1) + _label_row(row.group(2), labels) + row.group(3),
        body[head.end() :],
    )
    return f"<table{attrs} data-stack>{body[: head.end()]}{rest}</table>"


def stack_tables(html: str) -> str:
    """``html`` with every table that has a ``<thead>`` marked ``data-stack`` and each of its
    body cells labelled ``data-label="<its column's heading>"``."""
    if "<table" not in html:
        return html
    return TABLE.sub(_stack_table, html)
