"""Sitemaps: a base that writes absolute URLs with ``SITE_URL``, and the static pages.

``/sitemap.xml`` is an index of sections (``/sitemap-<section>.xml?p=N``), each cut in pages of
at most ``SiteSitemap.limit`` items, so no file nears the protocol's 50,000 URLs and no request
reads a whole table. Each page is listed in every language (``/…`` and ``/en/…``) with hreflang
alternates. The apps add their own sitemaps (signatories, actions, stories); ``config/urls.py``
gathers them.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max
from django.template.response import TemplateResponse
from django.urls import reverse


class _ItemLanguages:
    """The ``(item, language)`` pairs of a queryset, read one page of items at a time.

    Django's i18n sitemap builds the list of every pair before it paginates (the whole table in
    memory on every page); this sequence counts the items with one query and fetches only the
    slice the paginator asks for.
    """

    def __init__(self, items, languages: list[str]):
        self.items = items
        self.languages = languages

    def __len__(self) -> int:
        items = self.items
        count = items.count() if hasattr(items, "query") else len(items)
        return count * len(self.languages)

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice):
            raise TypeError("Only slices of the sitemap's items are supported.")
        per_item = len(self.languages)
        start, stop = index.start or 0, index.stop
        first = start // per_item
        last = None if stop is None else -(-stop // per_item)
        pairs = [(item, language) for item in self.items[first:last] for language in self.languages]
        offset = first * per_item
        return pairs[start - offset : None if stop is None else stop - offset]


class SiteSitemap(Sitemap):
    """Absolute URLs on ``SITE_URL`` (the canonical address), whatever host was asked."""

    i18n = True
    alternates = True
    x_default = True
    # URLs per page of a section (each item counts once per language).
    limit = 10_000
    # The field whose latest value is the section's lastmod (read with one query), if any.
    lastmod_field: str | None = None

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def _items(self):
        return _ItemLanguages(self.items(), self._languages())

    def _urls(self, page, protocol, domain) -> list[dict]:
        # Django asks for each item's address once per URL, then again for every alternate and
        # x-default: four reverses per (item, language) with two languages. Each is asked once
        # here (``_location``); a section of 10,000 URLs spent 6.2 of its 13 s reversing.
        self._locations: dict[tuple[int, str | None], str] = {}
        try:
            return super()._urls(page, protocol, domain)
        finally:
            del self._locations

    def _location(self, item, force_lang_code=None) -> str:
        locations = getattr(self, "_locations", None)
        if locations is None:
            return super()._location(item, force_lang_code)
        obj, lang_code = item
        key = (id(obj), force_lang_code or lang_code)
        if key not in locations:
            locations[key] = super()._location(item, force_lang_code)
        return locations[key]

    def get_latest_lastmod(self):
        if self.lastmod_field is None:
            return None
        return self.items().order_by().aggregate(latest=Max(self.lastmod_field))["latest"]


class StaticPagesSitemap(SiteSitemap):
    """The pages that are not about one item: home, charter, the lists."""

    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[str]:
        return [
            "public:home",
            "charter:charter-detail",
            "organisations:organisation-list",
            "actions:action-list",
            "stories:story-list",
            "regions:region-list",
            "events:event-list",
            "public:snowball",  # snowball: how the movement grows
            "opendata:open-data",  # opendata: the downloads of everything public
        ]

    def location(self, item: str) -> str:
        return reverse(item)


@x_robots_tag
def sitemap_index(request, sitemaps: dict, section_url_name: str) -> TemplateResponse:
    """The index of every page of every section, on ``SITE_URL`` like the sections' URLs.

    Django's ``index`` view would write the host of the request; this one asks each sitemap for
    its protocol and domain. Two queries per section (its count and its latest change).
    """
    entries = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        path = reverse(section_url_name, kwargs={"section": section})
        location = f"{sitemap.get_protocol()}://{sitemap.get_domain()}{path}"
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(f"{location}?p={page}", lastmod))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
