from stemcharter.common.sitemaps import SiteSitemap

from .models import Event


class EventSitemap(SiteSitemap):
    """Every published event, past ones too (they keep their page)."""

    changefreq = "weekly"
    priority = 0.6
    lastmod_field = "published_at"

    def items(self):
        return Event.objects.published().order_by("pk").only("slug", "published_at", "revision_of")

    def lastmod(self, event: Event):
        return event.published_at
