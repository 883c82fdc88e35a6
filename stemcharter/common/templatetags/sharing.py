"""Template tags for sharing pages: social-media meta tags and schema.org JSON-LD."""

import json
import re

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# As Django's json_script: a JSON text cannot close the <script> element it sits in.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def block_text(context, name: str) -> SafeString:
    """The text of a block of the current page, for a second use in an attribute.

    The base template says what a page is for once, in the ``title`` and ``description``
    blocks; the Open Graph and Twitter tags repeat the same text.
    """
    return _kept_for_page(context, ("text", name), lambda block: _block_text(block, context))


def _block_text(block, context) -> SafeString:
    text = re.sub(r"\s+", " ", strip_tags(block.render(context))).strip()
    # The block's variables are escaped already; its literal text may hold a quote.
    return mark_safe(text.replace('"', "&quot;"))  # noqa: S308  # nosec B308 B703


def _kept_for_page(context, key: tuple[str, str], make) -> SafeString:
    """``make(block)`` for the page's block ``key[1]`` (empty without such a block), once per
    rendering of the page: the head repeats the title and description up to three times."""
    kept = context.render_context.get(_KEPT_KEY)
    if kept is None:
        kept = context.render_context[_KEPT_KEY] = {}
    if key not in kept:
        block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
        block = block_context.get_block(key[1]) if block_context else None
        kept[key] = SafeString("") if block is None else make(block)
    return kept[key]


_KEPT_KEY = "sharing_blocks"


_LANG_ATTRIBUTE = re.compile(r'^\s*lang="([a-zA-Z-]+)"\s*$')


@register.simple_tag(takes_context=True)
def block_lang(context, name: str) -> SafeString:
    """`` lang="nl"`` when the page's block ``<name>_lang`` says its ``<name>`` block is in
    another language than the page, for each element that repeats that block in the head.

    A page whose title or description is what people wrote (an action's title and summary)
    says so once, ``{% block title_lang %}{% content_lang %}{% endblock %}``; the base
    template marks ``<title>``, ``<meta name="description">`` and their Open Graph and Twitter
    copies with ``{% block_lang 'title' %}`` and ``{% block_lang 'description' %}``. Only a
    ``lang`` attribute of a language of the site is let through.
    """
    return _kept_for_page(context, ("lang", f"{name}_lang"), lambda block: _lang(block, context))


def _lang(block, context) -> SafeString:
    match = _LANG_ATTRIBUTE.match(block.render(context))
    if match is None or match[1] not in {code for code, _name in settings.LANGUAGES}:
        return SafeString("")
    return format_html(' lang="{}"', match[1])


@register.filter
def absolute_url(url: str) -> str:
    """A site-relative URL (``/media/...``) made absolute with ``SITE_URL``."""
    if url and url.startswith("/") and not url.startswith("//"):
        return settings.SITE_URL.rstrip("/") + url
    return url


@register.filter
def json_ld(data: dict | None) -> SafeString:
    """A ``<script type="application/ld+json">`` element with ``data``, safe in HTML."""
    if not data:
        return SafeString("")
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    # Safe: the JSON's <, > and & are escaped as \u003c... (_JSON_SCRIPT_ESCAPES), so no text
    # in it can close the script element.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        '<script type="application/ld+json">' + text.translate(_JSON_SCRIPT_ESCAPES) + "</script>"
    )


def organisation_json_ld(organisation, *, is_public: bool) -> dict:
    """schema.org ``Organization``; with its address only when it has a public page."""
    data = {"@type": "Organization", "name": organisation.name}
    if is_public:
        data["url"] = absolute_url(organisation.get_absolute_url())
    return data
