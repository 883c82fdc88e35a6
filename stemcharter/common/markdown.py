"""Markdown rendering with HTML sanitised by nh3 (Ammonia): no scripts, no event handlers.

The parser is markdown-it-py: CommonMark (https://spec.commonmark.org/) with GitHub's tables,
built and tested to take time linear in the length of the text, also for pathological input
(thousands of nested brackets, emphasis openers, block quotes or ``<``), which made the
earlier parser (Python-Markdown) take minutes or crash. Nesting deeper than
``MAX_NESTING`` is not rendered as structure. Every text rendered here also has a length
limit at input (``MARKDOWN_MAX_LENGTH`` at most; ``common/tests/test_markdown_limits.py``).

Linear is not enough when the constant is large. Two inputs make a short text cost much:
a table is padded to its header's width on every row (128 columns over 500 one-character rows
are 64,000 cells, seconds of work and megabytes of HTML from 1,500 characters, and a text can
hold many tables), and one long link reference used many times repeats its address in the
output. So the cost is bounded by what the text may contain, checked at input by the forms
(``markdown_problems``, for every field named in a form's ``markdown_fields``) and enforced
again when rendering text stored before or another way: tables hold at most
``MAX_TABLE_CELLS`` cells in all (more: the text renders without tables), and the HTML is at
most ``MAX_EXPANSION`` times the text (more: the text is shown as plain paragraphs).

Raw HTML in the text is parsed as CommonMark says, then nh3 keeps only ``ALLOWED_TAGS`` and
``ALLOWED_ATTRIBUTES`` (an ``<abbr title>`` survives, a ``<script>`` and its content do not).

What the forms' hint promises ("a list with a dash at the start of each line", a link) holds
for people who never heard of CommonMark: a line break is a line break (``breaks``, as in
GitHub's comments), a bare address (``https://…``, ``www.…``) becomes a link, and a line that
starts with a bullet pasted from a word processor (``•``, an en dash) is a list item like ``- ``.
A list may follow a line of text without a blank line between (CommonMark allows it).
``common/tests/test_markdown.py`` holds the table of inputs and the HTML they give.
"""

import re
from functools import lru_cache

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "ul", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}

# No text rendered as Markdown may be longer (the story body's limit is the longest in use).
MARKDOWN_MAX_LENGTH = 30_000
# Block quotes in lists in block quotes...: deeper is left out (CommonMark preset's default).
MAX_NESTING = 20

# All the tables of one text together hold at most this many cells (header row included).
MAX_TABLE_CELLS = 2_000
# The rendered HTML is at most this many times as long as the text (plus a margin for short
# texts): ordinary Markdown gives about 1.1 to 2 times.
MAX_EXPANSION = 10
EXPANSION_MARGIN = 2_000


def _allow_every_link(url: str) -> bool:
    # nh3 alone decides which link addresses stay (http, https, mailto: an allowlist). A link
    # to another scheme (``javascript:``) keeps its text without an address, instead of
    # showing as literal Markdown, as markdown-it's own (denylist) check would leave it.
    return True


# A bare web address: up to the first space or angle bracket (linear: no backtracking).
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>]+", re.IGNORECASE)
# A link written in HTML: its text is not linked again.
_HTML_LINK_OPEN = re.compile(r"<a[\s>]", re.IGNORECASE)
_HTML_LINK_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
# Characters that end a sentence rather than an address ("see https://example.be.").
_URL_TRAILING = ".,;:!?'\"*_"


def _url_end(url: str) -> str:
    """``url`` without the punctuation that follows it in the sentence; a closing bracket
    stays when it closes one opened in the address (a Wikipedia page "Foo_(bar)")."""
    end, unclosed = len(url), url.count(")") - url.count("(")
    while end:
        if url[end - 1] in _URL_TRAILING:
            end -= 1
        elif url[end - 1] == ")" and unclosed > 0:
            end, unclosed = end - 1, unclosed - 1
        else:
            break
    return url[:end]


def _linkify(state: StateCore) -> None:
    """Core rule: every bare address in text outside a link becomes a link to itself."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children, depth = [], 0
        for token in block.children:
            if token.type == "link_open" or _HTML_LINK_OPEN.match(_html(token)):
                depth += 1
            elif token.type == "link_close" or _HTML_LINK_CLOSE.match(_html(token)):
                depth -= 1
            if token.type != "text" or depth or not _BARE_URL.search(token.content):
                children.append(token)
                continue
            children.extend(_text_with_links(token))
        block.children = children


def _html(token: Token) -> str:
    return token.content if token.type == "html_inline" else ""


def _text_with_links(token: Token) -> list[Token]:
    tokens, position, text = [], 0, token.content
    for match in _BARE_URL.finditer(text):
        url = _url_end(match.group())
        if not url or url.lower() in ("http://", "https://", "www."):
            continue
        if match.start() > position:
            tokens.append(_text_token(text[position : match.start()], token.level))
        # As typed (the renderer escapes it, nh3 checks its scheme): markdown-it's
        # normalizeLink would cost more than the rest of the rendering together.
        href = url if "://" in url else f"https://{url}"
        tokens.append(Token("link_open", "a", 1, attrs={"href": href}, level=token.level))
        tokens.append(_text_token(url, token.level + 1))
        tokens.append(Token("link_close", "a", -1, level=token.level))
        position = match.start() + len(url)
    if position < len(text):
        tokens.append(_text_token(text[position:], token.level))
    return tokens


def _text_token(content: str, level: int) -> Token:
    return Token("text", "", 0, content=content, level=level)


# A line that starts with a bullet pasted from a word processor, or with an en dash.
_PASTED_BULLET = re.compile(r"^( {0,3})[•·▪–](?=[ \t])", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)


def _with_dash_bullets(text: str) -> str:
    """``text`` with pasted bullets at the start of a line written as ``-``, outside fenced
    code blocks (a fence's text is shown as written)."""
    if not _PASTED_BULLET.search(text):
        return text
    parts, position, fence = [], 0, None
    for match in _FENCE.finditer(text):
        marker = match.group(1)
        if fence is None:
            parts.append(_PASTED_BULLET.sub(r"\1-", text[position : match.start()]))
            position, fence = match.start(), marker
        elif marker[0] == fence[0] and len(marker) >= len(fence):
            line_end = text.find("\n", match.end())
            end = len(text) if line_end == -1 else line_end
            parts.append(text[position:end])
            position, fence = end, None
    rest = text[position:]
    parts.append(rest if fence is not None else _PASTED_BULLET.sub(r"\1-", rest))
    return "".join(parts)


def _make_parser(*, tables: bool, line_breaks: bool) -> MarkdownIt:
    options = {"html": True, "breaks": line_breaks, "maxNesting": MAX_NESTING}
    parser = MarkdownIt("commonmark", options)
    if tables:
        parser.enable("table")
    parser.validateLink = _allow_every_link
    parser.core.ruler.push("linkify_bare_urls", _linkify)
    return parser


_PARSERS = {
    (tables, line_breaks): _make_parser(tables=tables, line_breaks=line_breaks)
    for tables in (True, False)
    for line_breaks in (True, False)
}

# A table's delimiter row (GFM): cells of dashes with optional colons, between pipes.
_DELIMITER_ROW = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")


def table_cells(text: str) -> int:
    """An upper bound of the cells that the tables in ``text`` get once parsed.

    For each delimiter row: its number of columns times the rows from the header to the next
    blank line (the parser pads every row to the header's width). Takes time linear in the
    length of ``text``.
    """
    lines = (text or "").splitlines()
    # next_blank[i]: the index of the first blank line at or after line i.
    next_blank = [len(lines)] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        next_blank[index] = index if not lines[index].strip() else next_blank[index + 1]
    cells = 0
    for index, line in enumerate(lines):
        if index and "-" in line and _DELIMITER_ROW.fullmatch(line):
            columns = len(line.strip().strip("|").split("|"))
            rows = next_blank[index] - index  # the header row and the body rows
            cells += columns * rows
    return cells


def _expansion_limit(text: str) -> int:
    return MAX_EXPANSION * len(text) + EXPANSION_MARGIN


def _render(text: str, *, tables: bool, line_breaks: bool = True) -> str:
    html = _PARSERS[tables, line_breaks].render(_with_dash_bullets(text))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def markdown_problems(text: str) -> list[str]:
    """What makes ``text`` too costly to show, as messages for the person who wrote it.

    Used by the forms for every field in their ``markdown_fields``
    (``common.forms.CleanTextFormMixin``). An empty list: ``render_markdown`` shows it as
    written. Renders the text once (in time linear in its length) to measure it.
    """
    text = text or ""
    problems = []
    cells = table_cells(text)
    if cells > MAX_TABLE_CELLS:
        problems.append(
            _(
                "The tables in this text are too big: %(limit)s cells at most in all (this "
                "text has %(count)s). Make them smaller or write the content as a list."
            )
            % {"limit": MAX_TABLE_CELLS, "count": cells}
        )
    elif len(_render(text, tables=True)) > _expansion_limit(text):
        problems.append(
            _(
                "This text becomes too long once shown (for example a long link used many "
                "times). Shorten it or repeat the link less often."
            )
        )
    return problems


def render_markdown(text: str, *, line_breaks: bool = True) -> SafeString:
    """Render Markdown to HTML that is safe to show on a public page.

    ``text``: CommonMark with tables, as members and coordinators write it ("" or None give
    ""). Returns sanitised HTML with only ``ALLOWED_TAGS``; links keep http, https and mailto
    addresses and get ``rel="noopener noreferrer"``. Raises nothing for any input; the time
    it takes grows linearly with the length of ``text``, and the HTML is at most
    ``MAX_EXPANSION`` times as long. ``line_breaks``: a line break inside a paragraph is a
    ``<br>`` (what people typing in a text box mean); False for a document kept as a
    Markdown file, wrapped at a line length (the charter). A text over the limits
    (``markdown_problems``, stored before they held) is shown without tables, or as plain
    paragraphs.
    """
    return _rendered(text or "", line_breaks)


# For benchmarks and tests that must render every time.
render_markdown.cache_clear = lambda: _rendered.cache_clear()


# The same text always gives the same HTML: the texts of the pages visited most (a story
# shared on social media, an action's description) are parsed and sanitised once per process.
@lru_cache(maxsize=256)
def _rendered(text: str, line_breaks: bool) -> SafeString:
    html = _render(text, tables=table_cells(text) <= MAX_TABLE_CELLS, line_breaks=line_breaks)
    if len(html) > _expansion_limit(text):
        html = linebreaks(text, autoescape=True)
    # Safe: markdown-it escapes raw HTML (html=False) and nh3 keeps only ALLOWED_TAGS, or the
    # text went through Django's escaping linebreaks.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703
