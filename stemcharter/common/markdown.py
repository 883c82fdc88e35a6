"""Markdown rendering with HTML sanitised by nh3 (Ammonia): no scripts, no event handlers.

The parser is markdown-it-py: CommonMark (https://spec.commonmark.org/) with GitHub's tables,
built and tested to take time linear in the length of the text, also for pathological input
(thousands of nested brackets, emphasis openers, block quotes or ``<``), which made the
earlier parser (Python-Markdown) take minutes or crash. Nesting deeper than
``MAX_NESTING`` is not rendered as structure. Every text rendered here also has a length
limit at input (``MARKDOWN_MAX_LENGTH`` at most; ``common/tests/test_markdown_limits.py``).

Raw HTML in the text is parsed as CommonMark says, then nh3 keeps only ``ALLOWED_TAGS`` and
``ALLOWED_ATTRIBUTES`` (an ``<abbr title>`` survives, a ``<script>`` and its content do not).
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "ul", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}

# No text rendered as Markdown may be longer (the story body's limit is the longest in use).
MARKDOWN_MAX_LENGTH = 30_000
# Block quotes in lists in block quotes...: deeper is left out (CommonMark preset's default).
MAX_NESTING = 20

_parser = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable("table")
# nh3 alone decides which link addresses stay (http, https, mailto: an allowlist). A link to
# another scheme (``javascript:``) keeps its text without an address, instead of showing as
# literal Markdown, as markdown-it's own (denylist) check would leave it.
_parser.validateLink = lambda url: True


def render_markdown(text: str) -> SafeString:
    """Render Markdown to HTML that is safe to show on a public page.

    ``text``: CommonMark with tables, as members and coordinators write it ("" or None give
    ""). Returns sanitised HTML with only ``ALLOWED_TAGS``; links keep http, https and mailto
    addresses and get ``rel="noopener noreferrer"``. Raises nothing for any input; the time
    it takes grows linearly with the length of ``text``.
    """
    html = _parser.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)
