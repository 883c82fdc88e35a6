"""Sitemaps: a base that writes absolute URLs with ``SITE_URL``, and the static pages.

Each page is listed in every language (``/…`` and ``/en/…``) with hreflang alternates. The apps
add their own sitemaps (signatories, actions, stories); ``config/urls.py`` gathers them.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class SiteSitemap(Sitemap):
    """Absolute URLs on ``SITE_URL`` (the canonical address), whatever host was asked."""

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


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
        ]

    def location(self, item: str) -> str:
        return reverse(item)
