"""Charts drawn on the server as inline SVG, each with the data table that says the same in text.

A thin wrapper over pygal (https://www.pygal.org, pure Python, no JavaScript needed to show
its SVG): ``line_chart`` and ``bar_chart`` take a title, a description, labels and series, and
return a ``Chart`` whose ``svg`` goes straight into a template (``{{ chart.svg }}``) and whose
``table`` (caption, headers, rows) is printed beside it with ``includes/_chart.html``. The
snowball page (``/sneeuwbal/``) uses it; dashboards can too. ``indented_tree`` draws a tree
(who brought whom) as rows of names with lines to their children, in the same style.

What the SVG is, and why:

- **Markup that may be inlined**: no XML declaration (``disable_xml_declaration``), no
  comments, and no ``<script>``: pygal's tooltips need its JavaScript from a CDN, so ``js=[]``
  loads none, and the config script pygal still writes is taken out.
- **No inline style**: the site's Content-Security-Policy allows styles from ``static/`` only
  (``style-src 'self'``; ``common/tests/test_security_headers.py``), so pygal's own
  ``<style>`` element and its one ``style`` attribute (the tooltip) are taken out. How a chart
  looks (the site's font, its colours, each series' colour with at least 3:1 contrast against
  white, WCAG 1.4.11) is in ``static/css/charts.css``, on the classes pygal gives
  (``.pygal-chart``, ``.color-N``, ``.guide``, ``.axis``); a page with a chart links it in its
  ``extra_head`` block. The same colours are passed to pygal (``style``) so a chart rendered
  elsewhere (a file) looks the same.
- **Accessible**: ``role="img"`` with ``aria-labelledby`` naming its ``<title>`` and
  ``<desc>`` (ids made of ``name``, which must be unique on the page); the numbers are in the
  table beside it, which a screen reader reads instead.
- **Scales**: a ``viewBox`` and no width or height (``explicit_size=False``): the SVG is as
  wide as its container, on a phone too.
- **Escaped**: labels, titles and series names are text nodes and attributes written by
  ElementTree, so ``<`` and ``&`` in an organisation's name cannot make markup.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET  # nosec B405 - parses pygal's own SVG of our data only
from collections.abc import Sequence
from dataclasses import dataclass, field

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

# pygal adds a finder to ``sys.meta_path`` for its map plugins (``pygal.maps.*``, which we do
# not use) with only the ``find_module`` API that Python 3.12 no longer calls: every later
# import that reaches it warns (an ImportWarning, an error under the tests' warning filter).
# Taken out again; nothing of ours imports a pygal map.
sys.meta_path[:] = [
    finder for finder in sys.meta_path if type(finder).__name__ != "PluginImportFixer"
]

SVG_NS = "http://www.w3.org/2000/svg"

# The site's colours (static/css/site.css), each with a contrast of at least 3:1 against white
# (non-text contrast, WCAG 1.4.11), in the order series take them. charts.css repeats them.
SERIES_COLOURS = (
    "#0b5cad",  # primary blue
    "#b3261e",  # red
    "#1e6b34",  # green
    "#7a4b00",  # brown
    "#5b2a86",  # purple
    "#006b75",  # teal
    "#4a5360",  # grey
    "#a3005a",  # magenta
)
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#4a5360",
    colors=SERIES_COLOURS,
    font_family=FONT,
    # The sizes charts.css draws text at: pygal makes room for labels by these.
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    legend_font_size=13,
    title_font_size=16,
)

# The size the chart is drawn at (its viewBox): it scales to its container. Text is drawn at
# charts.css's sizes within this box, so a narrower box keeps text larger on a phone.
WIDTH = 640
HEIGHT = 360

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class ChartTable:
    """The data of a chart as a table: ``caption``, column ``headers``, ``rows`` of cells (the
    first cell of a row is its heading)."""

    caption: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


@dataclass(frozen=True)
class Chart:
    """A rendered chart: ``svg`` (safe to inline), ``table`` (the same data as text),
    ``name`` (the id prefix), ``title`` and ``description``."""

    name: str
    title: str
    description: str
    svg: SafeString
    table: ChartTable


def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _clean(root: ET.Element) -> None:
    """Take out what may not be inlined: scripts, style elements and attributes, comments, the
    tooltip overlay (empty without pygal's JavaScript)."""
    for parent in root.iter():
        for child in list(parent):
            tag = _tag(child)
            classes = child.get("class", "").split() if tag else []
            if (
                not tag  # a comment or processing instruction
                or tag in ("script", "style")
                or "tooltip-overlay" in classes
                # what pygal's tooltips show (the table beside the chart has it)
                or (tag in ("title", "desc") and parent is not root)
            ):
                parent.remove(child)
        parent.attrib.pop("style", None)
        # numbers (issue 15): the ids pygal gives each series' legend ("activate-serie-0",
        # hooks for its JavaScript, which we do not load) are the same in every chart, so two
        # charts with a legend on one page repeated them (invalid HTML). Only the chart's own
        # ids (``name``-title, ``name``-desc, set by ``_finish``) stay.
        if parent.get("id", "").startswith("activate-serie"):
            parent.attrib.pop("id")
    # pygal's defs hold only the style and script taken out above.
    for parent in root.iter():
        for child in list(parent):
            if _tag(child) == "defs" and len(child) == 0:
                parent.remove(child)


def _finish(
    root: ET.Element,
    *,
    name: str,
    title: str,
    description: str,
    extra_class: str = "",
) -> SafeString:
    """Make ``root`` (an <svg> element) an accessible image named ``title`` and return its
    markup."""
    if not _ID.match(name):
        raise ValueError(f"A chart's name must be an HTML id: {name!r}")
    # pygal (without lxml) writes its tags without a namespace and an xmlns attribute, as
    # indented_tree does: new elements follow the root.
    ns = f"{{{SVG_NS}}}" if root.tag.startswith("{") else ""
    root.attrib.pop("id", None)
    root.set("role", "img")
    root.set("aria-labelledby", f"{name}-title {name}-desc")
    root.set("class", " ".join(filter(None, ["chart-svg", root.get("class", ""), extra_class])))
    # One <title> and one <desc>, first in the element (pygal puts its title after its defs).
    for child in list(root):
        if _tag(child) in ("title", "desc"):
            root.remove(child)
    title_node = ET.Element(f"{ns}title", {"id": f"{name}-title"})
    title_node.text = title
    desc_node = ET.Element(f"{ns}desc", {"id": f"{name}-desc"})
    desc_node.text = description
    root.insert(0, desc_node)
    root.insert(0, title_node)
    markup = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    # Made by ElementTree from our own tree: every text and attribute is escaped.
    return mark_safe(markup)  # noqa: S308  # nosec B308 B703


def _config(**options) -> dict:
    config = {
        "js": [],  # pygal's tooltips load JavaScript from a CDN: none
        "css": [],  # only pygal's base CSS, taken out again (see the module)
        "disable_xml_declaration": True,
        "no_prefix": True,
        "explicit_size": False,
        "width": WIDTH,
        "height": HEIGHT,
        "style": STYLE,
        "margin": 12,
        "show_legend": False,
        "legend_at_bottom": True,
        "print_values": False,
        "show_x_guides": False,
        "show_y_guides": True,
        "truncate_label": -1,  # never cut a label short: the table has it in full anyway
        "pretty_print": False,
    }
    config.update(options)
    return config


def _integer_ticks(series: Sequence[tuple[str, Sequence]]) -> list[int] | None:
    """Whole-number ticks for counts (0 to the largest, about five steps), so an axis of
    counts never reads 0.5; ``None`` when a value is no whole number."""
    values = [value for _, values in series for value in values if value is not None]
    if not values or not all(isinstance(value, int) for value in values):
        return None
    top = max(max(values), 1)
    step = max(1, -(-top // 5))
    return list(range(0, top + step, step))


def _render(chart_class, *, name, title, description, x_labels, series, extra_class, **options):
    ticks = _integer_ticks(series)
    if ticks and "y_labels" not in options:
        options["y_labels"] = ticks
    chart = chart_class(**_config(show_legend=len(series) > 1, **options))
    chart.x_labels = [str(label) for label in x_labels]
    for series_title, values in series:
        chart.add(str(series_title), list(values))
    root = chart.render_tree()
    if not isinstance(root, ET.Element):  # lxml is installed: read its text with ElementTree
        # pygal's own output, made from our escaped values: no external entities.
        root = ET.fromstring(chart.render(is_unicode=True))  # noqa: S314  # nosec B314
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag.startswith("{"):
                element.tag = element.tag.split("}", 1)[1]
        root.set("xmlns", SVG_NS)
    _clean(root)
    return _finish(root, name=name, title=title, description=description, extra_class=extra_class)


def _table(
    caption: str, label_header: str, x_labels: Sequence, series: Sequence[tuple[str, Sequence]]
) -> ChartTable:
    headers = [label_header, *(str(series_title) for series_title, _ in series)]
    rows = [
        [str(label), *(values[index] for _, values in series)]
        for index, label in enumerate(x_labels)
    ]
    return ChartTable(caption=caption, headers=headers, rows=rows)


def line_chart(
    *,
    name: str,
    title: str,
    description: str,
    x_labels: Sequence,
    series: Sequence[tuple[str, Sequence[int | float]]],
    label_header: str,
    **options,
) -> Chart:
    """A line chart, for a number over time.

    In: ``name`` an HTML id unique on the page (the SVG's ids start with it); ``title`` and
    ``description`` (the accessible name and description, and the table's caption);
    ``x_labels`` (the labels along the bottom: months, for example); ``series`` a list of
    ``(series title, values)`` with one value per label; ``label_header`` the heading of the
    table's first column; ``options`` any other pygal option (``x_label_rotation``,
    ``show_minor_x_labels``...). Out: a ``Chart``. Raises ``ValueError`` for a ``name`` that is
    no HTML id.
    """
    svg = _render(
        pygal.Line,
        name=name,
        title=title,
        description=description,
        x_labels=x_labels,
        series=series,
        extra_class="chart-line",
        **{"fill": False, "dots_size": 3, **options},
    )
    return Chart(
        name=name,
        title=title,
        description=description,
        svg=svg,
        table=_table(title, label_header, x_labels, series),
    )


def bar_chart(
    *,
    name: str,
    title: str,
    description: str,
    x_labels: Sequence,
    series: Sequence[tuple[str, Sequence[int | float]]],
    label_header: str,
    horizontal: bool = False,
    **options,
) -> Chart:
    """A bar chart, for numbers per kind (category, region). ``horizontal=True`` draws the
    bars from the left, one row per label, which keeps long labels readable; its height grows
    with the number of labels. Otherwise as ``line_chart``."""
    drawn_labels, drawn_series = x_labels, series
    if horizontal:
        options.setdefault("height", max(HEIGHT // 2, 60 + 28 * len(x_labels)))
        # pygal draws the first label at the bottom: reversed, the picture reads top down in
        # the order of the table.
        drawn_labels = list(reversed(x_labels))
        drawn_series = [(series_title, list(reversed(values))) for series_title, values in series]
    svg = _render(
        pygal.HorizontalBar if horizontal else pygal.Bar,
        name=name,
        title=title,
        description=description,
        x_labels=drawn_labels,
        series=drawn_series,
        extra_class="chart-bar",
        **{"print_values": True, **options},
    )
    return Chart(
        name=name,
        title=title,
        description=description,
        svg=svg,
        table=_table(title, label_header, x_labels, series),
    )


# A tree as rows of names (who brought whom in).

TREE_ROW = 26  # height of a row
TREE_INDENT = 22  # indent per level
TREE_MAX_INDENT_LEVELS = 12  # deeper levels are drawn at this indent (the depth is in the text)
TREE_CHAR = 7.6  # width of a character at charts.css's tree font size, roughly
TREE_NAME_LENGTH = 60  # longer names are shortened in the picture (the list has them in full)


@dataclass
class TreeNode:
    """A node of ``indented_tree``: its ``label`` and its ``children`` (``TreeNode``s)."""

    label: str
    children: list[TreeNode] = field(default_factory=list)


def _short(label: str) -> str:
    return label if len(label) <= TREE_NAME_LENGTH else label[: TREE_NAME_LENGTH - 1] + "…"


def indented_tree(*, name: str, title: str, description: str, roots: list[TreeNode]) -> SafeString:
    """An SVG picture of a forest: one row per node, each indented under its parent with a
    line from the parent down to it, like a file tree. Readable for hundreds of nodes: the
    picture grows one row per node, and keeps its size (it scrolls in its container, see
    ``.chart-tree`` in charts.css) rather than shrinking the text on a phone.

    In: ``name`` an HTML id unique on the page; ``title`` and ``description`` (the accessible
    name and description: say where the same is in text); ``roots`` the trees. Out: the SVG
    markup, safe to inline (escaped as the charts are). Raises ``ValueError`` for a ``name``
    that is no HTML id.
    """
    rows: list[tuple[int, TreeNode]] = []
    stack = [(0, root) for root in reversed(roots)]
    while stack:  # depth first, without recursion (a chain of hundreds is fine)
        depth, node = stack.pop()
        rows.append((depth, node))
        stack.extend((depth + 1, child) for child in reversed(node.children))

    def x_of(depth: int) -> float:
        return 10 + TREE_INDENT * min(depth, TREE_MAX_INDENT_LEVELS)

    width = 20 + max(
        (x_of(depth) + 12 + TREE_CHAR * len(_short(node.label)) for depth, node in rows),
        default=200,
    )
    height = TREE_ROW * len(rows) + 10
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {int(width)} {height}",
            "width": str(int(width)),
            "height": str(height),
        },
    )
    lines = ET.SubElement(root, "g", {"class": "tree-lines"})
    labels = ET.SubElement(root, "g", {"class": "tree-labels"})
    # Where each node's row is, to draw the line from its parent down to its children.
    last_child_row: dict[int, int] = {}
    parent_row: list[int | None] = []
    open_rows: dict[int, int] = {}  # depth -> row of the latest node at that depth
    for index, (depth, _node) in enumerate(rows):
        parent = open_rows.get(depth - 1) if depth else None
        parent_row.append(parent)
        if parent is not None:
            last_child_row[parent] = index
        open_rows[depth] = index
        for deeper in [key for key in open_rows if key > depth]:
            del open_rows[deeper]
    for index, (depth, node) in enumerate(rows):
        y = 10 + TREE_ROW * index + TREE_ROW / 2
        x = x_of(depth)
        if index in last_child_row:  # the line down from this node to its last child
            bottom = 10 + TREE_ROW * last_child_row[index] + TREE_ROW / 2
            ET.SubElement(
                lines,
                "path",
                {"d": f"M{x + 4:.1f} {y + 6:.1f}V{bottom:.1f}"},
            )
        if parent_row[index] is not None:  # the tick from the parent's line to this node
            parent_x = x_of(depth - 1) + 4
            ET.SubElement(lines, "path", {"d": f"M{parent_x:.1f} {y:.1f}H{x:.1f}"})
        ET.SubElement(labels, "circle", {"cx": f"{x + 4:.1f}", "cy": f"{y:.1f}", "r": "4"})
        text = ET.SubElement(labels, "text", {"x": f"{x + 12:.1f}", "y": f"{y + 4.5:.1f}"})
        text.text = _short(node.label)
    return _finish(root, name=name, title=title, description=description, extra_class="chart-tree")
