from stemcharter.common.sitemaps import SiteSitemap

from .models import Action


class ActionSitemap(SiteSitemap):
    """Every published action, past ones too (they keep their page)."""

    changefreq = "weekly"
    priority = 0.7
    lastmod_field = "published_at"

    def items(self):
        return Action.objects.published().order_by("pk").only("slug", "published_at", "revision_of")

    def lastmod(self, action: Action):
        return action.published_at
