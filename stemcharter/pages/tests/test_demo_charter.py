"""The demo charter (``pages/demo/charter.md``), loaded by ``seed_demo``, renders as Markdown."""

from stemcharter.common.markdown import render_markdown
from stemcharter.pages.demo_data import CHARTER_FILE


def test_markdown_of_the_demo_charter_keeps_its_list():
    html = render_markdown(CHARTER_FILE.read_text(encoding="utf-8"))
    assert html.count("<li>") == 8
    assert "<strong>STEM aantrekkelijk te maken.</strong>" in html
    assert "<em>Dit is een voorbeeldtekst" in html
