"""The forms a page offers, read from its HTML, and odd values to fill them with.

The fuzz harness (``test_forms_fuzz.py``) finds its forms here, the way a browser (or an
attacker) does: every ``<form>`` of the page with its fields, its buttons and where it goes. So a
new form is covered as soon as a page shows it, without a new test.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from hypothesis import strategies as st

# A marker in the hostile strings: it must never come back as markup, only escaped.
MARKER = "<x-fuzz>"

# Strings that have broken web forms before: markup, quotes, template and format syntax, CSV
# formulas, paths, Unicode look-alikes and directions, numbers no column holds, null bytes.
HOSTILE = (
    MARKER,
    f'"><x-fuzz onmouseover=alert(1)>{MARKER}',
    f"'); DROP TABLE organisations_organisation; --{MARKER}",
    "{{ 7|add:7 }} {% debug %} %(name)s %s {0}",
    '=HYPERLINK("http://example.org";"x")',
    "../../../../etc/passwd",
    "\x00\x01\x07\x1b[31m\x7f",
    "\u202e\u200b\ufeff\u00ad",
    "Ａｄｍｉｎ ǅ ﬁ ẞ İ",
    "9" * 40,
    "-9223372036854775809",
    "1e309",
    "NaN",
    "-0",
    "2025-02-30",
    "0001-01-01T00:00",
    "9999-12-31 23:59:59",
    "a" * 20_000,
    f"[x](javascript:alert(1)) ![{MARKER}](data:text/html,x) <script>x</script>",
    "| a | b |\n" + "| - | - |\n" * 50,
    "@" * 300 + "@example.org",
    " ",
    "",
)


@dataclass
class Field:
    name: str
    kind: str  # "text", "textarea", "select", "checkbox", "radio", "file", "hidden", ...
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    url: str  # where it is sent (the page's own URL when it has no action)
    method: str  # "get" or "post"
    multipart: bool
    fields: dict[str, Field] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons

    def describe(self) -> str:
        return f"{self.method.upper()} {self.url} ({', '.join(self.fields) or 'no fields'})"


class _FormParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(
                url=urljoin(self.page_url, attributes.get("action") or self.page_url),
                method=(attributes.get("method") or "get").lower(),
                multipart=attributes.get("enctype") == "multipart/form-data",
            )
            self.forms.append(self._form)
            return
        form = self._form
        name = attributes.get("name")
        if form is None or not name:
            if tag == "option" and self._select is not None:
                self._select.options.append(attributes.get("value", ""))
            return
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            if kind in {"submit", "image"}:
                form.buttons.append((name, attributes.get("value", "")))
                return
            known = form.fields.get(name)
            if known is not None and kind in {"checkbox", "radio"}:
                known.options.append(attributes.get("value", "on"))
                known.multiple = known.multiple or kind == "checkbox"
                return
            form.fields[name] = Field(
                name,
                kind,
                attributes.get("value", ""),
                [attributes.get("value", "on")] if kind in {"checkbox", "radio"} else [],
            )
        elif tag == "button":
            if attributes.get("type", "submit").lower() == "submit":
                form.buttons.append((name, attributes.get("value", "")))
        elif tag == "textarea":
            form.fields[name] = Field(name, "textarea")
        elif tag == "select":
            self._select = Field(name, "select", multiple="multiple" in attributes)
            form.fields[name] = self._select

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def page_forms(html: str, page_url: str) -> list[Form]:
    """The forms of a page that go to this site (a form to another host is not ours to test)."""
    parser = _FormParser(page_url)
    parser.feed(html)
    return [form for form in parser.forms if not urlsplit(form.url).netloc]


def odd_text() -> st.SearchStrategy[str]:
    """Text no form expects: any characters, control characters, the hostile strings, long
    runs, numbers far outside any column."""
    return st.one_of(
        st.text(max_size=60),
        st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Mn"]), max_size=30),
        st.sampled_from(HOSTILE),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.builds(
            lambda text, count: text * count, st.text(min_size=1, max_size=3), st.integers(1, 5000)
        ),
    )


def field_value(form_field: Field, foreign_ids: list[str]) -> st.SearchStrategy:
    """A value for one field: for a choice, one of its options, another organisation's ids or
    odd text; for a file, something that is not the file it claims to be; else odd text."""
    if form_field.kind == "file":
        return st.sampled_from([b"", b"GIF89a" + b"\x00" * 20, b"%PDF-1.4 not an image"])
    if form_field.options:
        choice = st.one_of(
            st.sampled_from(form_field.options), st.sampled_from(foreign_ids), odd_text()
        )
        if form_field.multiple:
            return st.lists(choice, max_size=4)
        return choice
    return odd_text()
