"""Text that every output format can carry: the rule for what people type (and what we send).

XML 1.0 cannot hold most control characters at all (§2.2, the ``Char`` production allows
only tab, line feed and carriage return below U+0020, and excludes the surrogates and
U+FFFE/U+FFFF), so a single one in a summary breaks every RSS and Atom feed that lists it.
XML 1.0 also discourages DEL, the C1 controls and the noncharacters, and HTML treats
controls and noncharacters as parse errors. None of them is text anybody means to write:
they come in with a paste from a word processor (a vertical tab is its manual line break, a
form feed its page break) or with a crafted request.

The rule, applied to every text field of every form (``stemcharter.common.forms``) and to
everything a feed sends (``stemcharter.common.feeds``):

- a line break of another kind (vertical tab U+000B, form feed U+000C, next line U+0085,
  line separator U+2028, paragraph separator U+2029) becomes a newline in multi-line text;
  in single-line text every line break, carriage returns and newlines included, becomes a
  space (a CR LF pair one space);
- every other character outside the ``Char`` production, and DEL, the C1 controls
  (U+0080 to U+009F) and the noncharacters (U+FDD0 to U+FDEF and the last two code points
  of every plane), is removed.

Tab and newline stay in multi-line text, where every line break (``\r\n``, a lone ``\r``) becomes
one newline: browsers submit a textarea's breaks as ``\r\n`` but count them as one character
for its ``maxlength`` (HTML, "textarea wrapping transformation"), so a text the browser let
through must not be over the same limit here. All other text is left as it is.
"""

import re

_OTHER_LINE_BREAKS = "\x0b\x0c\x85\u2028\u2029"
_MULTILINE_BREAK = re.compile(f"\r\n?|[{_OTHER_LINE_BREAKS}]")
_SINGLE_LINE_BREAK = re.compile(f"\r\n|[\r\n{_OTHER_LINE_BREAKS}]")

_PLANE_NONCHARACTERS = "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}-{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_DISALLOWED = re.compile(
    "["
    "\x00-\x08\x0e-\x1f"  # C0 controls but tab, LF, VT, FF, CR (VT and FF: line breaks above)
    "\x7f-\x84\x86-\x9f"  # DEL and the C1 controls but NEL (a line break above)
    "\ud800-\udfff"  # lone surrogates (Python strings can hold them; UTF-8 cannot)
    "\ufdd0-\ufdef"  # noncharacters
    f"{_PLANE_NONCHARACTERS}"  # U+FFFE, U+FFFF, U+1FFFE, ..., U+10FFFF
    "]"
)


def clean_text(value: str, *, multiline: bool) -> str:
    """``value`` with only characters that XML 1.0 and HTML carry (see the module's rule).

    ``multiline``: the text may hold line breaks (a textarea); otherwise it is one line (an
    input), and line breaks become spaces. Raises nothing; an empty string stays empty.
    """
    breaks, replacement = (_MULTILINE_BREAK, "\n") if multiline else (_SINGLE_LINE_BREAK, " ")
    return _DISALLOWED.sub("", breaks.sub(replacement, value))


# A web address as mail clients and browsers recognise one to make it clickable: a scheme, a
# "www." start, or a name with a dot and a top-level domain of letters (example.com, a.b.be/x).
_LINK_LIKE = re.compile(
    r"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+|"
    r"\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b(?:/\S*)?"
)


def defang_links(text: str) -> str:
    """``text`` with every web or email address made unclickable, still readable.

    For words we did not write that we show or send (the personal message of an invitation,
    issue 14): a phishing link in them must not become a link in the platform's email or page.
    Every dot in an address becomes ``[.]``, ``://`` becomes ``[:]//`` and ``@`` becomes
    ``[@]`` (the "defanging" of security advisories), which no mail client or browser links.
    Returns plain text (escape it when shown in HTML, as templates do).
    """

    def defang(match: re.Match) -> str:
        return match[0].replace("://", "[:]//").replace(".", "[.]").replace("@", "[@]")

    return _LINK_LIKE.sub(defang, text)
