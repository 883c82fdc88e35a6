"""Charts drawn on the server (``common.charts``): inline SVG without script or inline style,
named and described for screen readers, escaped, with the table of their data."""

import xml.etree.ElementTree as ET

import pytest

from stemcharter.common.charts import TreeNode, bar_chart, indented_tree, line_chart

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def tags(root: ET.Element) -> list[str]:
    return [element.tag.removeprefix(NS) for element in root.iter()]


def line():
    return line_chart(
        name="growth",
        title="Signatories <over> time",
        description="Each month & its total",
        x_labels=["Jan 2026", "Feb 2026", "Mar 2026"],
        series=[("Signatories", [1, 3, 5])],
        label_header="Month",
    )


@pytest.mark.parametrize(
    "make",
    [
        line,
        lambda: bar_chart(
            name="cats",
            title="Per category",
            description="Counts",
            x_labels=["A", "B"],
            series=[("Signatories", [2, 0]), ("Last year", [1, 0])],
            label_header="Category",
        ),
        lambda: bar_chart(
            name="regions",
            title="Per region",
            description="Counts",
            x_labels=["Gent", "Aalst"],
            series=[("Signatories", [2, 1])],
            label_header="Region",
            horizontal=True,
        ),
    ],
)
def test_charts_are_inline_svg_without_script_or_inline_style(make):
    chart = make()
    svg = str(chart.svg)
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg
    assert "<!--" not in svg
    root = parse(svg)  # well-formed XML
    assert "script" not in tags(root)
    assert "style" not in tags(root)
    assert all("style" not in element.attrib for element in root.iter())
    assert not any(key.startswith("on") for element in root.iter() for key in element.attrib)
    # It scales: a viewBox, no fixed size.
    assert root.get("viewBox")
    assert "width" not in root.attrib
    assert "height" not in root.attrib
    # An image named and described by its first two children.
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart.name}-title {chart.name}-desc"
    title, desc = list(root)[:2]
    assert title.tag.removeprefix(NS) == "title"
    assert title.get("id") == f"{chart.name}-title"
    assert title.text == chart.title
    assert desc.tag.removeprefix(NS) == "desc"
    assert desc.get("id") == f"{chart.name}-desc"
    assert desc.text == chart.description
    # No other title or desc (pygal's tooltips): the table beside it has the numbers.
    assert tags(root).count("title") == tags(root).count("desc") == 1
    # The series take the site's colours by class (static/css/charts.css).
    assert "color-0" in svg


def test_chart_labels_and_titles_are_escaped():
    chart = bar_chart(
        name="evil",
        title='<script>alert("t")</script>',
        description="</desc><script>x</script>",
        x_labels=['<img src=x onerror="alert(1)">', "B & C"],
        series=[("<b>series</b>", [1, 2])],
        label_header="Label",
    )
    svg = str(chart.svg)
    assert "<script" not in svg
    assert "<img" not in svg
    assert "<b>" not in svg
    assert "&lt;img src=x onerror=" in svg
    assert "B &amp; C" in svg
    root = parse(svg)
    assert next(iter(root)).text == '<script>alert("t")</script>'


def test_chart_table_holds_the_same_data():
    chart = line()
    assert chart.table.caption == "Signatories <over> time"
    assert chart.table.headers == ["Month", "Signatories"]
    assert chart.table.rows == [["Jan 2026", 1], ["Feb 2026", 3], ["Mar 2026", 5]]


def test_chart_table_with_two_series():
    chart = bar_chart(
        name="two",
        title="T",
        description="D",
        x_labels=["A", "B"],
        series=[("This year", [2, 0]), ("Last year", [1, 4])],
        label_header="Category",
    )
    assert chart.table.headers == ["Category", "This year", "Last year"]
    assert chart.table.rows == [["A", 2, 1], ["B", 0, 4]]
    assert "legend" in str(chart.svg)  # two series: a legend says which is which


def test_two_charts_with_a_legend_share_no_id():
    """numbers (issue 15): several charts with a legend on one page (``/in-cijfers/``)."""

    def ids(name: str) -> set[str]:
        chart = bar_chart(
            name=name,
            title="T",
            description="D",
            x_labels=["A", "B"],
            series=[("This year", [2, 0]), ("Last year", [1, 4])],
            label_header="Category",
        )
        return {element.get("id") for element in parse(chart.svg).iter() if element.get("id")}

    assert ids("first") == {"first-title", "first-desc"}
    assert ids("second") == {"second-title", "second-desc"}


@pytest.mark.parametrize("name", ["", "1chart", "a b", 'x" onload="y', "<x>"])
def test_chart_name_must_be_an_html_id(name):
    with pytest.raises(ValueError, match="HTML id"):
        line_chart(
            name=name,
            title="T",
            description="D",
            x_labels=["a"],
            series=[("s", [1])],
            label_header="L",
        )


def test_chart_without_data_still_renders():
    chart = line_chart(
        name="empty",
        title="T",
        description="D",
        x_labels=[],
        series=[("s", [])],
        label_header="L",
    )
    assert parse(str(chart.svg)).get("role") == "img"
    assert chart.table.rows == []


def test_indented_tree_one_row_per_node_with_lines_to_children():
    svg = str(
        indented_tree(
            name="tree",
            title="Who brought whom in",
            description="See the list",
            roots=[
                TreeNode("A", [TreeNode("B", [TreeNode("D")]), TreeNode("C")]),
                TreeNode("E & <F>"),
            ],
        )
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert next(iter(root)).text == "Who brought whom in"
    texts = [element.text for element in root.iter() if element.tag.removeprefix(NS) == "text"]
    assert texts == ["A", "B", "D", "C", "E & <F>"]
    assert "E &amp; &lt;F&gt;" in svg
    # Indented under their parents: B and C one step in, D two.
    xs = {
        element.text: float(element.get("x"))
        for element in root.iter()
        if element.tag.removeprefix(NS) == "text"
    }
    assert xs["A"] == xs["E & <F>"] < xs["B"] == xs["C"] < xs["D"]
    # A line down from A (to C, its last child) and from B (to D); a tick to each child.
    paths = [element.get("d") for element in root.iter() if element.tag.removeprefix(NS) == "path"]
    assert sum("V" in d for d in paths) == 2
    assert sum("H" in d for d in paths) == 3
    assert "script" not in tags(root)
    assert "style" not in tags(root)


def test_indented_tree_of_hundreds_keeps_its_rows_readable():
    chain = TreeNode("Node 0")
    node = chain
    for number in range(1, 400):  # a chain of 400: no recursion limit, indent capped
        child = TreeNode(f"Node {number} " + "x" * 100)
        node.children.append(child)
        node = child
    root = parse(str(indented_tree(name="chain", title="T", description="D", roots=[chain])))
    texts = [element for element in root.iter() if element.tag.removeprefix(NS) == "text"]
    assert len(texts) == 400
    # Rows 26 units apart, drawn at that size (it scrolls rather than shrink).
    assert int(root.get("height")) >= 400 * 26
    assert max(float(text.get("x")) for text in texts) < 400
    # Long names are shortened in the picture (the list beside it has them in full).
    assert all(len(text.text) <= 60 for text in texts)
    assert texts[-1].text.endswith("…")
