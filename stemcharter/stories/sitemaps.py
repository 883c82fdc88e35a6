from stemcharter.common.sitemaps import SiteSitemap

from .models import Story


class StorySitemap(SiteSitemap):
    """Every published story."""

    changefreq = "monthly"
    priority = 0.6
    lastmod_field = "published_at"

    def items(self):
        return Story.objects.published().order_by("pk").only("slug", "published_at", "revision_of")

    def lastmod(self, story: Story):
        return story.published_at
