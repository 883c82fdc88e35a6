"""The sitemap section of the public numbers: ``/in-cijfers/`` and each yearly overview, in
both languages (``config/urls.py`` gathers it as ``numbers``)."""

from django.urls import reverse
from django.utils import timezone

from stemcharter.common.sitemaps import SiteSitemap

from .figures import kept_public_figures


class NumbersSitemap(SiteSitemap):
    """``/in-cijfers/`` and the years that have a page (those ``NumbersYearView`` answers):
    the figures the pages show (``figures.kept_public_figures``), so no query when they are kept."""

    changefreq = "weekly"
    priority = 0.5

    def items(self) -> list[int | None]:
        """None for ``/in-cijfers/``, then each year with a page, oldest first."""
        today = timezone.localdate()
        return [None, *kept_public_figures().figures.years(today=today)]

    def location(self, item: int | None) -> str:
        if item is None:
            return reverse("insight:numbers")
        return reverse("insight:numbers-year", kwargs={"year": item})
