from stemcharter.common.sitemaps import SiteSitemap

from .models import Subregion


class SubregionSitemap(SiteSitemap):
    """The public page of every subregion (``/regio/<slug>/``)."""

    changefreq = "weekly"
    priority = 0.6
    lastmod_field = "updated_at"

    def items(self):
        return Subregion.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, subregion: Subregion):
        return subregion.updated_at
