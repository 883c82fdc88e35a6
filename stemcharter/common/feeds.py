"""RSS and Atom feeds of newly published items (actions, stories), all or per subregion.

An app's feed sets the model, its URL names and its texts; the Atom variant is the same class
with ``feed_type = Atom1Feed``. The URLs are ``<list>/feed/rss/``, ``<list>/feed/atom/`` and
``<list>/feed/<subregion_slug>/rss/`` (or ``atom/``).
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from stemcharter.regions.models import Subregion

FEED_SIZE = 30


class NewItemsFeed(Feed):
    model = None  # a Reviewable with an ``organisation`` and ``subregions``
    list_url_name = ""  # "actions:action-list"
    feed_url_name = ""  # "actions:action-feed": + "-rss", "-atom", "-subregion-rss", ...

    def get_object(self, request, subregion_slug: str | None = None) -> Subregion | None:
        if subregion_slug is None:
            return None
        return get_object_or_404(Subregion, slug=subregion_slug)

    def link(self, subregion: Subregion | None) -> str:
        url = reverse(self.list_url_name)
        return f"{url}?subregion={subregion.slug}" if subregion else url

    def feed_url(self, subregion: Subregion | None) -> str:
        kind = "atom" if self.feed_type is Atom1Feed else "rss"
        if subregion:
            return reverse(
                f"{self.feed_url_name}-subregion-{kind}", kwargs={"subregion_slug": subregion.slug}
            )
        return reverse(f"{self.feed_url_name}-{kind}")

    def subtitle(self, subregion: Subregion | None) -> str:  # Atom's name for a description
        return self.description(subregion)

    def items(self, subregion: Subregion | None):
        items = self.model.objects.published().select_related("organisation")
        if subregion:
            items = items.filter(subregions=subregion)
        return items.order_by("-first_published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.summary

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item) -> str:
        return item.organisation.name
