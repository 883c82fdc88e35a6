import datetime

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html
from django.utils.safestring import SafeString

from stemcharter.common.filters import query_string
from stemcharter.common.fragments import fragment_key, fragment_store
from stemcharter.common.markdown import render_markdown
from stemcharter.common.page_cache import content_generation
from stemcharter.common.tables import stack_tables
from stemcharter.common.text import defang_links

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language_code: str) -> str:
    """The current page in another language (the language lives in the URL), its query
    string kept: what Django's ``translate_url`` gives for the request's full path, made from
    the view the request already resolved to instead of resolving the path again, and once
    per request and language (the head's ``hreflang`` links and the language switch ask for
    the same addresses)."""
    request = context["request"]
    kept = request.__dict__.setdefault("_translated_urls", {})
    if language_code not in kept:
        kept[language_code] = _translated_url(request, language_code)
    return kept[language_code]


def _translated_url(request, language_code: str) -> str:
    match = request.resolver_match
    if match is None or match.url_name is None:
        # No view (a 404 page): Django's way, which gives the address back as it is.
        return translate_url(request.get_full_path(), language_code)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with translation.override(language_code):
        try:
            path = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return translate_url(request.get_full_path(), language_code)
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{iri_to_uri(query)}" if query else path


def _written(value) -> bool:
    """Whether ``value`` is in the content language: what people wrote, or an object named by
    it. An object whose name the platform makes in the reader's language says so with
    ``title_written = False`` (a progress report: "Progress report 2026")."""
    return getattr(value, "title_written", True)


@register.simple_tag
def content_lang(item=None) -> SafeString:
    """``<h1{% content_lang %}>{{ action.title }}</h1>``: what people wrote on the platform
    (titles, summaries, descriptions, commitments) is in its content language, Dutch; on a page
    in another language the element says so (``lang="nl"``), so a screen reader reads it in
    Dutch. Names of organisations are proper names and are not marked. ``{% content_lang item
    %}`` for an item's title: nothing for an item whose title is not written by people
    (``title_written``), it is in the page's language."""
    if translation.get_language() == settings.CONTENT_LANGUAGE or not _written(item):
        return SafeString("")
    return format_html(' lang="{}"', settings.CONTENT_LANGUAGE)


@register.filter
def in_content_lang(value) -> SafeString:
    """``{% blocktranslate with title=item|in_content_lang %}Delete “{{ title }}”?...``: the
    same as ``content_lang`` for what people wrote inside a translated sentence, where no
    element of its own holds it: on a page in another language it becomes
    ``<span lang="nl">…</span>``; on a Dutch page it is only escaped. An item (its name, its
    ``str``) whose title is not written by people (``title_written``) is only escaped."""
    if translation.get_language() == settings.CONTENT_LANGUAGE or not _written(value):
        return format_html("{}", value)
    return format_html('<span lang="{}">{}</span>', settings.CONTENT_LANGUAGE, value)


@register.filter
def defanged(text: str) -> str:
    """``{{ invitation.message|defanged|linebreaksbr }}``: someone's words with every address
    made unclickable (``common.text.defang_links``); still escaped by the template."""
    return defang_links(text or "")


@register.filter
def from_iso(value) -> datetime.date | datetime.datetime | None:
    """``{{ event.starts_at|from_iso|date:"DATE_FORMAT" }}``: a date (or moment) kept as ISO
    text, in JSON for example (a progress report's records), as a date again, so the page shows
    it in words like any other; None for anything else (the ``date`` filter shows nothing)."""
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not value:
        return None
    try:
        if "T" in value:
            return datetime.datetime.fromisoformat(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (or removed when empty)."""
    return query_string(context["request"].GET, **kwargs)


@register.simple_tag(takes_context=True)
def query_without(context, key: str, value: str | None = None) -> str:
    """The current query string without one filter value (for removable filter chips)."""
    query: QueryDict = context["request"].GET.copy()
    if value is None:
        query.pop(key, None)
    else:
        query.setlist(key, [v for v in query.getlist(key) if v != str(value)])
    query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.tag
def stack_tables_in(parser, token):
    """``{% stack_tables_in %}...{% endstack_tables_in %}``: the tables inside read on a phone,
    each cell under its column's heading (``common/tables.py``)."""
    nodelist = parser.parse(("endstack_tables_in",))
    parser.delete_first_token()
    return _StackTablesNode(nodelist)


class _StackTablesNode(template.Node):
    def __init__(self, nodelist) -> None:
        self.nodelist = nodelist

    def render(self, context) -> SafeString:
        # The rendered template (already escaped) with data-label attributes whose values
        # common.tables escapes.
        return SafeString(stack_tables(self.nodelist.render(context)))  # nosec B703


UNTIL_CONTENT_CHANGES = "until_content_changes"


class FragmentCacheNode(template.Node):
    def __init__(self, nodelist, name, values, *, until_content_changes: bool = False):
        self.nodelist = nodelist
        self.name = name
        self.values = values
        self.until_content_changes = until_content_changes

    def render(self, context) -> str:
        values = [value.resolve(context) for value in self.values]
        if self.until_content_changes:
            values.append(("generation", content_generation()))
        key = fragment_key(self.name.resolve(context), values)
        html = fragment_store().get(key)
        if html is None:
            html = self.nodelist.render(context)
            # At most a minute either way: a bulk update changes rows without a signal and
            # without their updated_at (common.fragments).
            fragment_store().set(key, html, timeout=settings.PUBLIC_PAGES_MAX_AGE)
        return html


@register.tag
def fragment_cache(parser, token) -> FragmentCacheNode:
    """``{% fragment_cache "name" value … %}…{% endfragment_cache %}``: the block's HTML from
    the cache, keyed on the values it shows (``common.fragments``). Pass every object the block
    shows (each one's ``updated_at`` is part of the key; a card passes its object's
    ``card_version``, which covers the rows the card shows) and every other value it depends
    on; never a block that differs per visitor. Kept at most ``PUBLIC_PAGES_MAX_AGE`` seconds.

    With ``until_content_changes`` last, the key also holds the generation of public content
    (``common.page_cache.content_generation``): any change to public content makes a new key,
    and the fragment expires after ``PUBLIC_PAGES_MAX_AGE`` seconds. For blocks that show many
    objects (the vocabulary of a filter panel) or objects the view does not load on a hit."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("fragment_cache needs a name.")
    until_changes = bits[-1] == UNTIL_CONTENT_CHANGES
    if until_changes:
        bits = bits[:-1]
    nodelist = parser.parse(("endfragment_cache",))
    parser.delete_first_token()
    return FragmentCacheNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
        until_content_changes=until_changes,
    )
