"""Markdown of members and coordinators: sanitised HTML, in time linear in the text."""

import re
import signal
import sys

import pytest
from django import forms
from django.urls import reverse

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.common.forms import CleanTextForm
from stemcharter.common.markdown import (
    EXPANSION_MARGIN,
    MAX_EXPANSION,
    MAX_TABLE_CELLS,
    render_markdown,
    table_cells,
)
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.stories.models import Story
from stemcharter.stories.tests.factories import PublishedStoryFactory


def test_renders_markdown():
    html = render_markdown("## Our promise\n\nWe **commit** to [STEM](https://example.org).")
    assert "<h2>Our promise</h2>" in html
    assert "<strong>commit</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer"' in html


def test_removes_script_elements_and_their_content():
    html = render_markdown("Hello\n\n<script>alert('x')</script>\n\nBye")
    assert "<script" not in html
    assert "alert" not in html
    assert "Hello" in html
    assert "Bye" in html


def test_removes_event_handler_attributes():
    html = render_markdown(
        'Text <img src="x" onerror="alert(1)"> and <a href="https://example.org" '
        'onclick="steal()">link</a>\n\n<p onmouseover="alert(2)">para</p>'
    )
    assert "onerror" not in html
    assert "onclick" not in html
    assert "onmouseover" not in html
    assert "<img" not in html
    assert "link" in html


def test_removes_javascript_links():
    html = render_markdown("[click](javascript:alert(1)) <a href='javascript:alert(2)'>x</a>")
    assert "javascript:" not in html


def test_removes_style_and_iframes():
    html = render_markdown('<style>body{display:none}</style><iframe src="https://evil"></iframe>')
    assert "<style" not in html
    assert "<iframe" not in html
    assert "display:none" not in html


def test_empty_text():
    assert render_markdown("") == ""


# --- Pathological input: rendering must stay (about) linear in the length of the text -------

N = 10_000


def pathological_inputs(n: int) -> dict[str, str]:
    """Texts that made Markdown renderers super-linear, each about ``n`` long (or growing with
    ``n``)."""
    return {
        # The probe's input: a story body of 10k "[" then 10k "]" (the story body's whole limit).
        "brackets": "[" * n + "]" * n,
        "nested_brackets_around_text": "[" * n + "a" + "]" * n,
        "nested_images": "![" * n + "]" * n,
        "unclosed_link_destinations": "[a](b" * n,
        "unclosed_angle_link_destinations": "[a](<b" * n,
        "nested_links": "[a](" * n + "b" + ")" * n,
        "emphasis_openers": "*a " * n,
        "underscore_openers": "_a " * n,
        "mixed_emphasis_openers": "*a _b " * n,
        "strong_openers": "**a " * n,
        "mismatched_emphasis": "*a **a " * n,
        "nested_emphasis": "*" * n + "a" + "*" * n,
        "deep_blockquotes": ">" * n + "a",
        "deep_blockquotes_with_spaces": "> " * n + "a",
        "deep_lists": "".join(" " * (2 * i) + "- a\n" for i in range(n // 10)),
        "many_less_than": "<" * n,
        "text_and_less_than": "a <" * n,
        "unclosed_autolinks": "<http://" * n,
        "unclosed_cdata": "<![CDATA[" * n,
        "unclosed_comments": "<!--" * n,
        "backticks": "e" + "`" * n,
        "code_spans": "`a" * n,
        "many_references": "[a]: u\n" * (n // 5) + "[a]" * (n // 5),
        "wide_table": "|a" * (n // 20)
        + "\n"
        + "|-" * (n // 20)
        + "\n"
        + ("|b" * (n // 20) + "\n") * 20,
        "nested_html_elements": "<b>" * n + "<div>" * n,
        # The second probe's inputs: tables padded to a wide header on every row, many of them
        # (seconds and megabytes per view), and one long link reference used many times.
        "many_wide_tables": ("|a" * 128 + "\n" + "|-" * 128 + "\n" + "x\n" * 511 + "\n")
        * max(1, n // 1_666),
        "repeated_long_reference": "[a]: https://e.be/" + "a" * 9_000 + "\n\n" + "[a]" * (n // 10),
        # Bare addresses become links: many of them, one with many closing brackets or trailing
        # punctuation (each looked at once), and pasted bullets between code fences.
        "bare_addresses": "www.a " * n,
        "address_with_closing_brackets": "https://e.be/" + ")" * n,
        "address_with_trailing_punctuation": "https://e.be/" + ".,;)" * n,
        "pasted_bullets_and_fences": "• a\n```\n" * n,
    }


PATHOLOGICAL_INPUTS = pathological_inputs(N)


@pytest.fixture
def hang_guard():
    """Stop a rendering that hangs (a minute) instead of blocking the whole run.

    Not a measure of speed (tests assert no times): the renderer does each of these inputs in
    well under a second, the old one took from 5 seconds to minutes (or crashed) on several.
    ``test_markdown_work_grows_linearly`` is the deterministic check; ``bench/markdown_speed.py``
    measures the times.
    """

    def timed_out(signum, frame):
        raise TimeoutError("rendering ran for a minute: super-linear input?")

    previous = signal.signal(signal.SIGALRM, timed_out)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def calls_to_render(text: str) -> int:
    """The number of Python and built-in function calls ``render_markdown(text)`` makes: a
    measure of its work that does not depend on the machine or its load."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        render_markdown(text)
    finally:
        sys.setprofile(None)
    return calls


SMALL, LARGE = pathological_inputs(1_000), pathological_inputs(2_000)


@pytest.mark.parametrize("name", SMALL.keys())
def test_markdown_work_grows_linearly(name):
    """Twice the text costs at most about twice the calls (a quadratic renderer makes four
    times as many): the calls per character of the larger text are at most a quarter more
    than those of the smaller. Regular expressions' own backtracking is not counted: the hang
    guard above and ``bench/markdown_speed.py`` cover it."""
    small, large = SMALL[name], LARGE[name]
    per_character = calls_to_render(small) / len(small)
    larger_per_character = calls_to_render(large) / len(large)
    assert larger_per_character <= 1.25 * per_character + 0.05, (
        per_character,
        larger_per_character,
    )


@pytest.mark.parametrize("text", PATHOLOGICAL_INPUTS.values(), ids=PATHOLOGICAL_INPUTS.keys())
def test_markdown_rendering_of_pathological_input_does_not_hang(hang_guard, text):
    html = render_markdown(text)
    assert isinstance(html, str)


@pytest.mark.parametrize("text", PATHOLOGICAL_INPUTS.values(), ids=PATHOLOGICAL_INPUTS.keys())
def test_markdown_rendering_of_pathological_input_is_bounded_in_size(text):
    """The HTML of any text is at most MAX_EXPANSION times as long (a page of megabytes from
    a 10,000-character description before)."""
    assert len(render_markdown(text)) <= MAX_EXPANSION * len(text) + EXPANSION_MARGIN


def test_markdown_table_cells_count_what_the_parser_pads():
    assert table_cells("| Wat | Wanneer |\n|---|---|\n| Opendag | mei |\n") == 4
    assert table_cells("|a|b|c\n|-|-|-\nx\ny\n\nnot the table\n") == 9
    assert table_cells(PATHOLOGICAL_INPUTS["many_wide_tables"]) > 6 * 128 * 500
    assert table_cells("Title\n---\n\nText with a - dash.") <= 2


def test_markdown_over_the_table_limit_renders_without_tables_and_quickly(hang_guard):
    text = PATHOLOGICAL_INPUTS["many_wide_tables"]
    assert table_cells(text) > MAX_TABLE_CELLS
    html = render_markdown(text)
    assert "<table" not in html
    assert "<td" not in html


class MarkdownForm(CleanTextForm):
    markdown_fields = ("body",)
    body = forms.CharField(widget=forms.Textarea, max_length=200_000)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("many_wide_tables", "The tables in this text are too big: 2000 cells at most in all"),
        ("repeated_long_reference", "This text becomes too long once shown"),
    ],
)
def test_markdown_too_costly_to_show_is_refused_with_a_message(name, message):
    """Every form checks the fields in its ``markdown_fields`` (CleanTextFormMixin, which
    test_text.py makes every form of ours derive from)."""
    form = MarkdownForm(data={"body": PATHOLOGICAL_INPUTS[name]})
    assert not form.is_valid()
    assert form.errors["body"][0].startswith(message)
    ordinary = MarkdownForm(data={"body": "| Wat | Wanneer |\n|---|---|\n| Opendag | mei |"})
    assert ordinary.is_valid(), ordinary.errors


# --- What members and coordinators write keeps rendering the same ---------------------------


def squash(html: str) -> str:
    """The HTML with each run of white space as one space, none between tags."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def test_markdown_features_of_the_demo_texts():
    html = squash(
        render_markdown(
            "## Hoe het begon\n\nTekst met **vet**, *schuin* en [een link](https://example.org)."
            "\n\n1. **Eerste.** Met een vervolgregel\n   die doorloopt.\n2. Tweede\n\n"
            "- Begin klein\n- Spreek af\n\n> Een citaat.\n\n### Tabel\n\n"
            "| Wat | Wanneer |\n|---|---|\n| Opendag | mei |\n"
        )
    )
    assert "<h2>Hoe het begon</h2>" in html
    assert "<strong>vet</strong>" in html
    assert "<em>schuin</em>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">een link</a>' in html
    assert (
        "<ol><li><strong>Eerste.</strong> Met een vervolgregel<br> die doorloopt.</li>"
        "<li>Tweede</li></ol>" in html
    )
    assert "<ul><li>Begin klein</li><li>Spreek af</li></ul>" in html
    assert "<blockquote><p>Een citaat.</p></blockquote>" in html
    assert "<h3>Tabel</h3>" in html
    assert (
        "<table><thead><tr><th>Wat</th><th>Wanneer</th></tr></thead>"
        "<tbody><tr><td>Opendag</td><td>mei</td></tr></tbody></table>" in html
    )


def test_markdown_allows_inline_abbreviations_but_no_other_html():
    html = render_markdown('Een <abbr title="wetenschap">STEM</abbr>-les <span>x</span>')
    assert '<abbr title="wetenschap">STEM</abbr>' in html
    assert "<span" not in html


@pytest.mark.django_db
def test_pages_that_render_a_story_body_do_not_hang_on_pathological_markdown(client, hang_guard):
    """The probe's story body (as long as the form allows) on the public page, the
    organisation's portal page and the reviewer's page."""
    body = "[" * N + "]" * N
    story = PublishedStoryFactory(body=body)
    assert len(body) <= Story._meta.get_field("body").max_length
    member = MembershipFactory(organisation=story.organisation).user
    urls = {
        story.get_absolute_url(): None,
        reverse(
            "portal:story-detail",
            kwargs={"organisation_slug": story.organisation.slug, "pk": story.pk},
        ): member,
        reverse("backoffice:review-detail", kwargs={"type_key": "story", "pk": story.pk}): (
            CoordinatorFactory()
        ),
    }
    for url, user in urls.items():
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert "[[[[" in response.text


# --- What the hint under every Markdown field promises ("a list with a dash at the start of
# each line", a link) renders that way, for people who never read CommonMark ---------------

REL = 'rel="noopener noreferrer"'
HINT_PROMISES = {
    "dash list right after a line": (
        "Wat je meebrengt:\n- een laptop\n- je lunch",
        "<p>Wat je meebrengt:</p><ul><li>een laptop</li><li>je lunch</li></ul>",
    ),
    "dash list after a blank line": (
        "Wat je meebrengt:\n\n- een laptop\n- je lunch",
        "<p>Wat je meebrengt:</p><ul><li>een laptop</li><li>je lunch</li></ul>",
    ),
    "star list": (
        "Programma:\n* rondleiding\n* proefje",
        "<p>Programma:</p><ul><li>rondleiding</li><li>proefje</li></ul>",
    ),
    "numbered list right after a line": (
        "Zo gaat het:\n1. inschrijven\n2. komen",
        "<p>Zo gaat het:</p><ol><li>inschrijven</li><li>komen</li></ol>",
    ),
    "pasted bullets": (
        "\u2022 een laptop\n\u2013 je lunch",
        "<ul><li>een laptop</li><li>je lunch</li></ul>",
    ),
    "single line breaks": (
        "Maandag: labo\nDinsdag: werkplaats",
        "<p>Maandag: labo<br> Dinsdag: werkplaats</p>",
    ),
    "blank line: a new paragraph": ("Eerste.\n\nTweede.", "<p>Eerste.</p><p>Tweede.</p>"),
    "bare address": (
        "Meer op https://example.be/opendag.",
        f'<p>Meer op <a href="https://example.be/opendag" {REL}>https://example.be/opendag</a>.</p>',
    ),
    "bare www address": (
        "Zie www.example.be!",
        f'<p>Zie <a href="https://www.example.be" {REL}>www.example.be</a>!</p>',
    ),
    "address with brackets in it": (
        "(zie https://nl.wikipedia.org/wiki/STEM_(onderwijs))",
        f'<p>(zie <a href="https://nl.wikipedia.org/wiki/STEM_(onderwijs)" {REL}>'
        "https://nl.wikipedia.org/wiki/STEM_(onderwijs)</a>)</p>",
    ),
    "markdown link": (
        "[Schrijf je in](https://example.be/inschrijven)",
        f'<p><a href="https://example.be/inschrijven" {REL}>Schrijf je in</a></p>',
    ),
    "address as a link text is not linked twice": (
        "[https://a.be](https://b.be)",
        f'<p><a href="https://b.be" {REL}>https://a.be</a></p>',
    ),
    "address in code stays code": ("`https://a.be`", "<p><code>https://a.be</code></p>"),
    "pasted bullets in a code block stay": (
        "```\n\u2022 a\n```",
        "<pre><code>\u2022 a </code></pre>",
    ),
    "a target attribute is dropped, rel is set": (
        '<a href="https://a.be" target="_blank" rel="opener">a</a>',
        f'<p><a href="https://a.be" {REL}>a</a></p>',
    ),
    "script removed with its content": ("Hoi\n\n<script>alert(1)</script>", "<p>Hoi</p>"),
    "javascript link keeps its text only": (
        "[klik](javascript:alert(1))",
        f"<p><a {REL}>klik</a></p>",
    ),
    "bare javascript address is not linked": (
        "javascript:alert(1)",
        "<p>javascript:alert(1)</p>",
    ),
    "script in a bare address is not linked": (
        "https://a.be/<script>alert(1)</script>",
        f'<p><a href="https://a.be/" {REL}>https://a.be/</a></p>',
    ),
}


@pytest.mark.parametrize(("text", "expected"), HINT_PROMISES.values(), ids=HINT_PROMISES.keys())
def test_markdown_renders_what_the_hint_promises(text, expected):
    assert squash(render_markdown(text)) == expected


def test_markdown_of_a_wrapped_document_keeps_its_lines_together():
    """The charter is a Markdown file wrapped at a line length: there a line break inside a
    paragraph is not meant (``line_breaks=False``); its lists and links render all the same."""
    text = "Wij engageren ons om\nSTEM te tonen:\n- op school\n- op https://a.be"
    assert squash(render_markdown(text, line_breaks=False)) == (
        "<p>Wij engageren ons om STEM te tonen:</p><ul><li>op school</li>"
        f'<li>op <a href="https://a.be" {REL}>https://a.be</a></li></ul>'
    )
