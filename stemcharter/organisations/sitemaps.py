from stemcharter.common.sitemaps import SiteSitemap

from .models import Organisation


class SignatorySitemap(SiteSitemap):
    """The public page of every signatory."""

    changefreq = "weekly"
    priority = 0.6
    lastmod_field = "updated_at"

    def items(self):
        return Organisation.objects.signatories().order_by("pk").only("slug", "updated_at")

    def lastmod(self, organisation: Organisation):
        return organisation.updated_at
