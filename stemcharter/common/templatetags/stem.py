from django import template
from django.http import QueryDict
from django.urls import translate_url
from django.utils.safestring import SafeString

from stemcharter.common.filters import query_string
from stemcharter.common.markdown import render_markdown

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language_code: str) -> str:
    """The current page in another language (the language lives in the URL)."""
    request = context["request"]
    url = translate_url(request.get_full_path(), language_code)
    return url


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
