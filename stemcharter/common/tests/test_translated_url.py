"""``{% translated_url %}`` (the language switch and the head's ``hreflang`` links): the same
address as Django's ``translate_url`` gives for the request's full path, made from the view
the request resolved to, once per request and language."""

import pytest
from django.test import RequestFactory
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation

from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.common.templatetags import stem
from stemcharter.common.templatetags.stem import translated_url

pytestmark = pytest.mark.django_db


def request_for(path: str, query: str = ""):
    request = RequestFactory().get(path + (f"?{query}" if query else ""))
    try:
        request.resolver_match = resolve(path)
    except Resolver404:  # no view: a 404 page
        request.resolver_match = None
    return request


@pytest.mark.parametrize(
    ("language", "path", "query"),
    [
        ("nl", "/", ""),
        ("nl", "/acties/", "subregion=gent&q=robot+%C3%A9%C3%A9n&page=2"),
        ("en", "/en/actions/", "type=open-day&type=internship"),
        ("nl", "/ondertekenaars/", "category=education"),
        ("nl", "/bestaat-niet/", "a=1"),  # no view: the address as it is
        ("en", "/en/no-such-page/", ""),
    ],
)
def test_the_same_address_as_djangos_translate_url(language, path, query):
    with translation.override(language):
        for target in ("nl", "en"):
            request = request_for(path, query)
            expected = translate_url(request.get_full_path(), target)
            assert translated_url({"request": request}, target) == expected


def test_an_item_page_with_its_slug():
    action = PublishedActionFactory()
    with translation.override("nl"):
        path = action.get_absolute_url()
        request = request_for(path, "utm_source=x")
        english = translated_url({"request": request}, "en")
        assert english == translate_url(request.get_full_path(), "en")
        assert english.startswith("/en/")
        assert action.slug in english
        assert english.endswith("?utm_source=x")


def test_once_per_request_and_language(monkeypatch):
    made = []
    make = stem._translated_url
    monkeypatch.setattr(stem, "_translated_url", lambda *args: made.append(args) or make(*args))
    with translation.override("nl"):
        request = request_for("/acties/", "q=robot")
        # The head's two hreflang links and the switch ask for two addresses three times.
        urls = [translated_url({"request": request}, code) for code in ("nl", "en", "en")]
    assert urls[1] == urls[2]
    assert [language for _request, language in made] == ["nl", "en"]
